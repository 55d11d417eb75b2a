/**
 * Units as dots at the centre of their reported parcels' extent (CGCS2000 lon/lat, equirectangular
 * with the cosine of the mean latitude), coloured by the execution rate the server computed, sized
 * by the planned area. SVG, nothing loaded from outside. Units that reported no parcel are listed
 * under the map instead of being placed anywhere.
 */
import { useMemo } from 'react';
import { Space, Tag, Typography } from 'antd';

export interface MapUnit {
  readonly code: string;
  readonly name: string;
  readonly rate: string | null;
  /** Hectares as exact decimal text, for the dot's size only. */
  readonly plannedHa: string;
  readonly extent: readonly [number, number, number, number] | null;
}

/** Execution-rate classes: under 40 %, 40–60, 60–80, 80–100, over 100, and no plan. */
export const RATE_CLASSES = [
  { max: 40, color: '#d73027', zh: '< 40%', en: '< 40%' },
  { max: 60, color: '#fc8d59', zh: '40–60%', en: '40–60%' },
  { max: 80, color: '#fee08b', zh: '60–80%', en: '60–80%' },
  { max: 100, color: '#91cf60', zh: '80–100%', en: '80–100%' },
  { max: Infinity, color: '#1a9850', zh: '≥ 100%', en: '≥ 100%' },
] as const;
const NO_PLAN = '#bfbfbf';

export function rateColor(rate: string | null): string {
  if (rate === null) return NO_PLAN;
  const r = Number(rate);
  return RATE_CLASSES.find((c) => r < c.max)?.color ?? NO_PLAN;
}

export function UnitMap({ units, lang, onPick, testId }: { units: readonly MapUnit[]; lang: 'zh' | 'en'; onPick(code: string): void; testId?: string }) {
  const placed = useMemo(() => units.filter((u) => u.extent !== null), [units]);
  const W = 720;
  const H = 420;
  const pad = 36;
  const geo = useMemo(() => {
    if (placed.length === 0) return null;
    const cx = placed.map((u) => (u.extent![0] + u.extent![2]) / 2);
    const cy = placed.map((u) => (u.extent![1] + u.extent![3]) / 2);
    const k = Math.cos(((Math.min(...cy) + Math.max(...cy)) / 2) * (Math.PI / 180));
    const x0 = Math.min(...cx) * k;
    const x1 = Math.max(...cx) * k;
    const y0 = Math.min(...cy);
    const y1 = Math.max(...cy);
    const s = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-6), (H - 2 * pad) / Math.max(y1 - y0, 1e-6));
    const maxHa = Math.max(...placed.map((u) => Number(u.plannedHa)), 1);
    return placed.map((u, i) => ({
      u,
      x: pad + (cx[i]! * k - x0) * s + (W - 2 * pad - (x1 - x0) * s) / 2,
      y: H - pad - (cy[i]! - y0) * s - (H - 2 * pad - (y1 - y0) * s) / 2,
      r: 6 + 16 * Math.sqrt(Number(u.plannedHa) / maxHa),
    }));
  }, [placed]);
  const unplaced = units.filter((u) => u.extent === null);
  return (
    <div data-testid={testId}>
      {geo ? (
        <svg viewBox={`0 0 ${W} ${H}`} className="lp-unit-map" role="img" aria-label={lang === 'zh' ? '下级单位执行率分布' : 'execution rate of the units below'}>
          <rect x={0} y={0} width={W} height={H} fill="#f7fbff" />
          {geo.map(({ u, x, y, r }) => (
            <g key={u.code} className="lp-unit-dot" data-code={u.code} onClick={() => onPick(u.code)} style={{ cursor: 'pointer' }}>
              <circle cx={x} cy={y} r={r} fill={rateColor(u.rate)} fillOpacity={0.85} stroke="#333" strokeWidth={0.8} />
              <text x={x} y={y + r + 13} textAnchor="middle" fontSize={12} fill="#222">
                {u.name}
              </text>
              <title>{`${u.name}：${u.rate === null ? (lang === 'zh' ? '无计划' : 'no plan') : `${u.rate}%`}`}</title>
            </g>
          ))}
        </svg>
      ) : (
        <Typography.Text type="secondary">{lang === 'zh' ? '下级单位尚未上报宗地，无法落图' : 'no unit below has reported parcels to place on the map'}</Typography.Text>
      )}
      <Space wrap size={4} style={{ marginTop: 8 }}>
        {RATE_CLASSES.map((c) => (
          <Tag key={c.zh} color={c.color} style={{ color: '#222' }}>
            {lang === 'zh' ? c.zh : c.en}
          </Tag>
        ))}
        <Tag color={NO_PLAN} style={{ color: '#222' }}>
          {lang === 'zh' ? '无计划' : 'no plan'}
        </Tag>
      </Space>
      {unplaced.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{lang === 'zh' ? '未落图（无宗地）：' : 'not on the map (no parcels): '}</Typography.Text>
          {unplaced.map((u) => (
            <Tag key={u.code} color={rateColor(u.rate)} style={{ color: '#222', cursor: 'pointer' }} onClick={() => onPick(u.code)}>
              {u.name}
            </Tag>
          ))}
        </div>
      )}
    </div>
  );
}

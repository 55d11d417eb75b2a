/**
 * The location map (位置示意图) of the plan's parcels as SVG: district boundaries, the urban
 * development boundary (城镇开发边界), permanent basic farmland (永久基本农田), the ecological red
 * line (生态保护红线), the parcels coloured by use, a legend, a scale bar and a north arrow.
 *
 * Coordinates are CGCS2000 longitude/latitude (EPSG:4490). They are drawn in a local projection
 * true in distance at the map's centre: x along the parallel by the prime-vertical radius N·cos φ₀,
 * y along the meridian by the meridian radius M, both on the CGCS2000 ellipsoid; at county scale
 * the scale bar is exact at the centre and within 0.1% across the map.
 */
import type { ParcelGeometry, Position } from '../domain/parcel.js';
import { planCategory } from '../domain/classification/index.js';
import type { MapLayerFeature, ReportParcel } from './input.js';

const A = 6378137;
const F = 1 / 298.257222101;
const E2 = F * (2 - F);

export const MAP_FONT = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif';
const CATEGORY_COLORS = ['#e6550d', '#3182bd', '#31a354', '#756bb1', '#d6616b', '#8c6d31', '#17becf', '#bcbd22', '#7f7f7f', '#e377c2', '#9467bd', '#8c564b'];

type Box = [number, number, number, number];

function rings(g: ParcelGeometry): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function extend(b: Box, g: ParcelGeometry): void {
  for (const r of rings(g)) for (const [x, y] of r) {
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  }
}

function niceLength(maxMetres: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMetres));
  for (const k of [5, 2, 1]) if (k * p <= maxMetres) return k * p;
  return p;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface MapSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export interface MapOptions {
  readonly title: string;
  readonly note?: string;
  readonly width?: number;
  readonly height?: number;
}

export function locationMap(parcels: readonly ReportParcel[], layers: readonly MapLayerFeature[], o: MapOptions): MapSvg | undefined {
  const drawn = parcels.filter((p) => p.geometry);
  if (drawn.length === 0 && !layers.some((l) => l.layer === 'district')) return undefined;
  const W = o.width ?? 1000;
  const H = o.height ?? 1100;
  const frame = { x: 30, y: 70, w: W - 60 - 230, h: H - 70 - 60 };
  // The extent: parcels, districts and the urban boundary (farmland and red lines reach far out).
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of drawn) extend(box, p.geometry!);
  for (const l of layers) if (l.layer === 'district' || l.layer === 'urbanBoundary') extend(box, l.geometry);
  if (!Number.isFinite(box[0])) return undefined;
  const lon0 = (box[0] + box[2]) / 2;
  const lat0 = (box[1] + box[3]) / 2;
  const phi = (lat0 * Math.PI) / 180;
  const w = 1 - E2 * Math.sin(phi) ** 2;
  const N = A / Math.sqrt(w);
  const M = (A * (1 - E2)) / w ** 1.5;
  const kx = (Math.PI / 180) * N * Math.cos(phi);
  const ky = (Math.PI / 180) * M;
  const spanX = Math.max((box[2] - box[0]) * kx, 1);
  const spanY = Math.max((box[3] - box[1]) * ky, 1);
  const scale = 0.94 * Math.min(frame.w / spanX, frame.h / spanY); // px per metre
  const cx = frame.x + frame.w / 2;
  const cy = frame.y + frame.h / 2;
  const px = ([lon, lat]: Position): string => `${((lon - lon0) * kx * scale + cx).toFixed(1)} ${(cy - (lat - lat0) * ky * scale).toFixed(1)}`;
  const path = (g: ParcelGeometry): string => rings(g).map((r) => `M${r.map(px).join('L')}Z`).join('');

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${MAP_FONT}">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="40" text-anchor="middle" font-size="24" font-weight="bold" fill="#111">${esc(o.title)}</text>`);
  out.push(`<defs><clipPath id="frame"><rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}"/></clipPath></defs>`);
  out.push(`<g clip-path="url(#frame)">`);
  // Only what the frame shows: a county's farmland layer holds thousands of fields far outside it.
  const halfW = frame.w / 2 / scale / kx;
  const halfH = frame.h / 2 / scale / ky;
  const view: Box = [lon0 - halfW, lat0 - halfH, lon0 + halfW, lat0 + halfH];
  const visible = (g: ParcelGeometry): boolean => {
    const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
    extend(b, g);
    return b[0] <= view[2] && b[2] >= view[0] && b[1] <= view[3] && b[3] >= view[1];
  };
  const layer = (kind: MapLayerFeature['layer']): MapLayerFeature[] => layers.filter((l) => l.layer === kind && visible(l.geometry));
  const farmland = layer('farmland').map((l) => path(l.geometry)).join('');
  if (farmland) out.push(`<path d="${farmland}" fill="#f3e3a0" stroke="#c9a92c" stroke-width="0.5" fill-rule="evenodd"/>`);
  const ecology = layer('ecology').map((l) => path(l.geometry)).join('');
  if (ecology) out.push(`<path d="${ecology}" fill="#bfe3bf" fill-opacity="0.8" stroke="#e00000" stroke-width="1.5" fill-rule="evenodd"/>`);
  const urban = layer('urbanBoundary').map((l) => path(l.geometry)).join('');
  if (urban) out.push(`<path d="${urban}" fill="none" stroke="#8e44ad" stroke-width="2.5" stroke-dasharray="10 5"/>`);
  const districts = layer('district');
  if (districts.length) out.push(`<path d="${districts.map((l) => path(l.geometry)).join('')}" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="4 3"/>`);
  // Parcels: one path per category, coloured as in the legend.
  const cats = [...new Set(drawn.map((p) => p.category))];
  cats.forEach((c, i) => {
    const d = drawn.filter((p) => p.category === c).map((p) => path(p.geometry!)).join('');
    out.push(`<path d="${d}" fill="${CATEGORY_COLORS[i % CATEGORY_COLORS.length]}" fill-opacity="0.85" stroke="#222" stroke-width="0.4" fill-rule="evenodd"/>`);
  });
  for (const d of districts) {
    const pts = rings(d.geometry)[0] ?? [];
    if (pts.length === 0) continue;
    const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    const [x, y] = px([mx, my]).split(' ');
    out.push(`<text x="${x}" y="${y}" text-anchor="middle" font-size="15" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(d.name)}</text>`);
  }
  out.push('</g>');
  out.push(`<rect x="${frame.x}" y="${frame.y}" width="${frame.w}" height="${frame.h}" fill="none" stroke="#333" stroke-width="1"/>`);

  // North arrow, top right of the frame.
  const nx = frame.x + frame.w - 40;
  const ny = frame.y + 20;
  out.push(`<g><polygon points="${nx},${ny} ${nx - 12},${ny + 40} ${nx},${ny + 30}" fill="#111"/><polygon points="${nx},${ny} ${nx + 12},${ny + 40} ${nx},${ny + 30}" fill="#fff" stroke="#111" stroke-width="1"/><text x="${nx}" y="${ny + 60}" text-anchor="middle" font-size="18" font-weight="bold">北</text></g>`);
  // Scale bar, bottom left of the frame: a round length near a quarter of the frame.
  const metres = niceLength((frame.w * 0.25) / scale);
  const len = metres * scale;
  const sx = frame.x + 20;
  const sy = frame.y + frame.h - 25;
  const label = metres >= 1000 ? `${metres / 1000} 千米` : `${metres} 米`;
  out.push(`<g><rect x="${sx}" y="${sy}" width="${(len / 2).toFixed(1)}" height="6" fill="#111"/><rect x="${(sx + len / 2).toFixed(1)}" y="${sy}" width="${(len / 2).toFixed(1)}" height="6" fill="#fff" stroke="#111" stroke-width="1"/><text x="${sx}" y="${sy - 6}" font-size="13">0</text><text x="${(sx + len).toFixed(1)}" y="${sy - 6}" font-size="13" text-anchor="middle">${label}</text></g>`);

  // Legend, right of the frame.
  const lx = frame.x + frame.w + 20;
  let ly = frame.y + 10;
  out.push(`<text x="${lx}" y="${ly + 14}" font-size="18" font-weight="bold">图　例</text>`);
  ly += 34;
  const item = (swatch: string, text: string): void => {
    out.push(`<g transform="translate(${lx},${ly})">${swatch}<text x="44" y="14" font-size="14">${esc(text)}</text></g>`);
    ly += 28;
  };
  cats.forEach((c, i) => item(`<rect width="34" height="18" fill="${CATEGORY_COLORS[i % CATEGORY_COLORS.length]}" fill-opacity="0.85" stroke="#222" stroke-width="0.6"/>`, planCategory(c)?.zh ?? c));
  if (districts.length) item('<line x1="0" y1="9" x2="34" y2="9" stroke="#555" stroke-width="1.5" stroke-dasharray="4 3"/>', '片区界线');
  if (urban) item('<line x1="0" y1="9" x2="34" y2="9" stroke="#8e44ad" stroke-width="2.5" stroke-dasharray="10 5"/>', '城镇开发边界');
  if (farmland) item('<rect width="34" height="18" fill="#f3e3a0" stroke="#c9a92c" stroke-width="0.8"/>', '永久基本农田');
  if (ecology) item('<rect width="34" height="18" fill="#bfe3bf" stroke="#e00000" stroke-width="1.5"/>', '生态保护红线');
  out.push(`<text x="${frame.x}" y="${frame.y + frame.h + 24}" font-size="13" fill="#333">坐标系：2000国家大地坐标系（CGCS2000，EPSG:4490）　宗地 ${drawn.length} 宗${o.note ? `　${esc(o.note)}` : ''}</text>`);
  out.push('</svg>');
  return { svg: out.join(''), width: W, height: H };
}

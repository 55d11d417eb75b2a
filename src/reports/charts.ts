/**
 * Charts rendered on the server with ECharts' SVG renderer (no DOM): the use structure, the
 * supply methods and the districts. Bar lengths use floats; every number printed on a chart is
 * the exact figure's text (the same as the document's), passed in as a label.
 */
import * as echarts from 'echarts';
import { Area } from '../domain/area.js';
import { planCategory } from '../domain/classification/index.js';
import { marginal, total, type MethodGroup, type PlanCube } from '../domain/plan/cube.js';
import { summaryTable } from '../domain/plan/attachment-tables.js';
import { ha, partShares } from './figures.js';
import type { ReportInput } from './input.js';

export const CHART_FONT = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif';
const PALETTE = ['#c23531', '#2f4554', '#61a0a8', '#d48265', '#91c7ae', '#749f83', '#ca8622', '#bda29a', '#6e7074', '#546570', '#c4ccd3', '#8d6e63'];

export interface ChartSvg {
  readonly id: 'category' | 'method' | 'district';
  readonly caption: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

function render(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT, fontSize: 14, color: '#222' }, color: PALETTE, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Horizontal bars: one per item, the exact figure and share printed at the end of each bar. */
function bars(items: { name: string; area: Area; share: string }[], title: string): { svg: string; width: number; height: number } {
  const width = 800;
  const height = Math.max(220, 90 + items.length * 34);
  const labels = items.map((i) => `${ha(i.area)}公顷（${i.share}%）`);
  const svg = render(
    {
      title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 18, fontWeight: 'bold', fontFamily: CHART_FONT } },
      grid: { left: 190, right: 200, top: 50, bottom: 30 },
      // No tick labels: every bar prints its exact figure, and each text costs the rasteriser ~25 ms.
      xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: '#eee' } } },
      yAxis: { type: 'category', inverse: true, data: items.map((i) => i.name), axisLabel: { fontSize: 14 } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          data: items.map((i, k) => ({ value: i.area.hectares.toNumber(), itemStyle: { color: PALETTE[k % PALETTE.length] } })),
          label: { show: true, position: 'right', fontSize: 13, formatter: (p: { dataIndex: number }) => labels[p.dataIndex] ?? '' },
        },
      ],
    },
    width,
    height,
  );
  return { svg, width, height };
}

const METHOD_ZH: Record<MethodGroup, string> = { grant: '出让', allocation: '划拨', lease: '租赁', capitalContribution: '作价出资或入股', authorizedOperation: '授权经营' };

function methodItems(cube: PlanCube): { name: string; area: Area }[] {
  if (cube.dimensions.includes('method')) return [...marginal(cube, 'method')].map(([m, a]) => ({ name: METHOD_ZH[m as MethodGroup] ?? m, area: a }));
  return cube.marginals.filter((m) => m.key.method && Object.keys(m.key).length === 1).map((m) => ({ name: METHOD_ZH[m.key.method!], area: m.area }));
}

/** The category, method and district charts a plan has data for. */
export function planCharts(input: ReportInput): ChartSvg[] {
  const cube = input.plan.cube;
  const t = total(cube);
  const out: ChartSvg[] = [];
  const rows = summaryTable(cube).rows.filter((r) => r.level === 0 && r.id !== 'total');
  if (rows.length) {
    const b = bars(rows.map((r) => ({ name: planCategory(r.id)?.zh ?? r.id, area: r.area, share: r.sharePercent ?? '0.00' })), '国有建设用地供应结构');
    out.push({ id: 'category', caption: '图1　国有建设用地供应结构', ...b });
  }
  const methods = methodItems(cube);
  if (methods.length) {
    const shares = partShares(methods.map((m) => m.area), t);
    const labels = methods.map((m, i) => `${m.name}\n${ha(m.area)}公顷（${shares[i]}%）`);
    const width = 800;
    const height = 360;
    const svg = render(
      {
        title: { text: '国有建设用地供应方式', left: 'center', top: 8, textStyle: { fontSize: 18, fontWeight: 'bold', fontFamily: CHART_FONT } },
        series: [
          {
            type: 'pie',
            radius: ['30%', '62%'],
            center: ['50%', '56%'],
            data: methods.map((m) => ({ name: m.name, value: m.area.hectares.toNumber() })),
            label: { fontSize: 14, formatter: (p: { dataIndex: number }) => labels[p.dataIndex] ?? '' },
          },
        ],
      },
      width,
      height,
    );
    out.push({ id: 'method', caption: `图${out.length + 1}　国有建设用地供应方式`, svg, width, height });
  }
  // Districts: the plan's own breakdown, else the 宗地表's parcels by district.
  let districtItems: { name: string; area: Area }[] = [];
  let districtTitle = '国有建设用地供应布局（按片区）';
  if (cube.dimensions.includes('district')) {
    districtItems = [...marginal(cube, 'district')].map(([id, a]) => ({ name: cube.districts.find((d) => d.id === id)?.name ?? id, area: a }));
  } else if (input.plan.parcels?.some((p) => p.district)) {
    const m = new Map<string, Area>();
    for (const p of input.plan.parcels) {
      if (!p.district) continue;
      const name = cube.districts.find((d) => d.id === p.district)?.name ?? p.district;
      m.set(name, (m.get(name) ?? Area.zero).plus(p.area));
    }
    districtItems = [...m].map(([name, area]) => ({ name, area }));
    districtTitle = '宗地表所列宗地面积（按片区）';
  }
  if (districtItems.length) {
    const whole = Area.sum(districtItems.map((d) => d.area));
    const shares = partShares(districtItems.map((d) => d.area), whole);
    const b = bars(districtItems.map((d, i) => ({ ...d, share: shares[i]! })), districtTitle);
    out.push({ id: 'district', caption: `图${out.length + 1}　${districtTitle}`, ...b });
  }
  return out;
}

import { Resvg } from '@resvg/resvg-js';
import { benchInput } from '../bench/export.ts';
import { planCharts } from '../src/reports/charts.js';
import { locationMap } from '../src/reports/map.js';
const input = benchInput(10000);
const svgs = [...planCharts(input).map((c) => c.svg), locationMap(input.plan.parcels!, input.layers!, { title: '巴楚县地图' })!.svg];
const cpu = (f: () => unknown) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return Math.round((c.user + c.system) / 1000); };
const files = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'];
for (let rep = 0; rep < 2; rep++) {
  const a = svgs.map((s) => cpu(() => new Resvg(s, { fitTo: { mode: 'width', value: 1200 }, font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' } }).render().asPng()));
  const b = svgs.map((s) => cpu(() => new Resvg(s, { fitTo: { mode: 'width', value: 1200 }, font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Noto Sans CJK SC' } }).render().asPng()));
  console.log('system', a, 'two files', b);
}

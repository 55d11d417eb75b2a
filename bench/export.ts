/**
 * Export benchmark: the 巴楚县 2026 plan with a 宗地表 of 10,000 synthetic parcels (geo/synthetic)
 * and the county's layers, exported as .docx (with charts and the location map), .xlsx and .pdf
 * (LibreOffice; skipped, with "pdf_ms": null, where it is not installed). Target: each < 10 s.
 *
 *   npm run bench -- export                 10,000 parcels
 *   npm run bench -- export --parcels N
 *   npm run bench -- export --formats docx,pdf   only these
 *
 * Last line: {"docx_ms": …, "xlsx_ms": …, "pdf_ms": …, "parcels": …, "docx_cpu_ms": …, "xlsx_cpu_ms": …,
 * "pdf_node_cpu_ms": … (without LibreOffice's), "pdf_soffice_cpu_ms": … (LibreOffice's), "load": …}
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Area } from '../src/domain/area.js';
import { dataFilePath } from '../src/services/data-files.js';
import { ruleSetById } from '../src/services/rule-sets.js';
import { ellipsoidalArea } from '../src/geo/area.js';
import { featureGeometry } from '../src/geo/packed.js';
import { generateCounty } from '../src/geo/synthetic.js';
import { clearRasterCache, type MapLayerFeature, type ReportInput } from '../src/reports/index.js';
import { compilePlanFromText } from '../src/services/compile-plan-from-text.js';
import { libreOfficeConverter } from '../src/services/export-converter.js';
import { renderExport, type ExportFormat } from '../src/services/export-formats.js';

const log = (s: string): void => void process.stderr.write(`[export] ${s}\n`);

/** CPU time of this process's finished children (LibreOffice), ms; null where /proc is missing. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 (cutime, cstime), counted from field 3 here, in clock ticks of 10 ms.
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return null;
  }
}
const CATEGORIES = ['residential', 'commercial', 'industrialStorage', 'publicServices', 'transport', 'special'];
const USES = ['0701', '0901', '1001', '0804', '1207', '1501'];

/** The benchmark's plan: the demo county's 2026 plan with `n` synthetic parcels and the county's layers. */
export function benchInput(n: number): ReportInput {
  const county = generateCounty({ seed: 2026, parcels: n, farmland: 2000, redLines: 6 });
  const compiled = compilePlanFromText(readFileSync(dataFilePath('demo/bachu-2026-plan.txt'), 'utf8'));
  const parcels = county.parcels.map((p, k) => ({
    number: `BC-${String(k + 1).padStart(5, '0')}`,
    name: `演示项目 ${k + 1}`,
    location: `${String(p.properties['片区'])}（演示）`,
    district: String(p.properties['片区']),
    category: CATEGORIES[k % CATEGORIES.length]!,
    area: Area.fromSquareMetres(ellipsoidalArea(p.geometry).toFixed(2)),
    newLand: Area.fromSquareMetres('100'),
    method: (k % 3 ? 'grant' : 'allocation') as 'grant' | 'allocation',
    useCode: USES[k % USES.length]!,
    methodCode: k % 3 ? '23' : '1',
    quarter: ((k % 4) + 1) as 1 | 2 | 3 | 4,
    geometry: p.geometry,
  }));
  const layers: MapLayerFeature[] = [
    ...county.districts.map((d) => ({ layer: 'district' as const, name: d.id, geometry: d.geometry })),
    ...county.urbanBoundaries.map((u) => ({ layer: 'urbanBoundary' as const, name: '城镇开发边界', geometry: u.geometry })),
    ...county.redLines.map((r) => ({ layer: 'ecology' as const, name: '生态保护红线', geometry: r.geometry })),
    ...Array.from({ length: county.farmland.size }, (_, k) => featureGeometry(county.farmland, k)).flatMap((g) => (g ? [{ layer: 'farmland' as const, name: '永久基本农田', geometry: g }] : [])),
  ];
  const input: ReportInput = {
    plan: { region: '巴楚县', year: 2026, cube: { ...compiled.cube, districts: county.districts.map((d) => ({ id: d.id, name: d.id })) }, parcels },
    meta: { status: 'consultation' },
    ruleSet: ruleSetById('xj-demo-2026'),
    layers,
    parcelNote: '宗地为演示数据（合成）',
  };
  return input;
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const i = args.indexOf('--parcels');
  const n = i >= 0 ? Number(args[i + 1]) : 10_000;
  const input = benchInput(n);
  log(`${n} parcels, ${input.layers?.length ?? 0} layer features; load average ${loadavg()[0]!.toFixed(2)}`);
  const converter = libreOfficeConverter();
  const cpu: Record<string, number> = {};
  const time = async (format: ExportFormat): Promise<number | null> => {
    if (format === 'pdf' && !converter.status().available) {
      log('LibreOffice is not installed: pdf skipped');
      return null;
    }
    clearRasterCache(); // each format renders its charts and map from scratch
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const k0 = childrenCpuMs();
    const f = await renderExport(input, format, { baseName: 'bench', converter });
    const k1 = childrenCpuMs();
    if (format === 'pdf' && k0 !== null && k1 !== null) cpu['soffice'] = k1 - k0;
    const ms = Math.round(performance.now() - t0);
    const c = process.cpuUsage(c0);
    // This process's CPU time (LibreOffice's, for the PDF, is not included): on a busy machine the
    // wall time is a multiple of it.
    cpu[format] = Math.round((c.user + c.system) / 1000);
    log(`${format}: ${ms} ms, ${f.bytes.length} bytes, ${cpu[format]} ms CPU in node${format === 'pdf' && cpu['soffice'] !== undefined ? `, ${cpu['soffice']} ms in LibreOffice` : ''}`);
    return ms;
  };
  const f = args.indexOf('--formats');
  const only = f >= 0 ? new Set(String(args[f + 1]).split(',')) : undefined;
  const timed = async (format: ExportFormat): Promise<number | null> => (only && !only.has(format) ? null : time(format));
  const docx_ms = await timed('docx');
  const xlsx_ms = await timed('xlsx');
  const pdf_ms = await timed('pdf');
  return { docx_ms, xlsx_ms, pdf_ms, parcels: n, docx_cpu_ms: cpu['docx'], xlsx_cpu_ms: cpu['xlsx'], pdf_node_cpu_ms: cpu['pdf'] ?? null, pdf_soffice_cpu_ms: cpu['soffice'] ?? null, load: Number(loadavg()[0]!.toFixed(2)) };
}

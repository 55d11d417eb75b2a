/**
 * Compiles a plan from a published text: the audit's extraction becomes a plan cube whose total
 * and category cells equal the text's figures. Nothing is corrected: every figure a finding of
 * severity error or warning involves is returned as flagged, with the finding.
 *
 * - cells: one per category of the plan's category list (公顷 as printed; a 亩-only text is
 *   converted with a 0.01 m² rounding step). A list that names only some categories gets a
 *   remainder cell `other` so that the cells still sum to the stated total.
 * - rows: binding/indicative and pooled/zone-allocated flags from the text's statements
 *   (约束性/指导性, 全县统筹/分解落实); rows it does not mention are binding and pooled.
 * - marginals: the 出让/划拨 split (indicative: reported), the 新增 cap (binding when printed as
 *   "控制在…以内"), 存量 (indicative).
 */
import { auditText, type AuditReport, type ExtractedFigure } from '../audit/index.js';
import { buildStructure } from '../audit/reconcile/structure.js';
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import type { Finding } from '../domain/finding.js';
import type { CategoryRow, PlanCell, PlanCube, StatedMarginal } from '../domain/plan/cube.js';

export interface FlaggedFigure {
  readonly figureId: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  readonly findings: readonly { rule: string; severity: Finding['severity']; message: Finding['message'] }[];
}

export interface CompiledFromText {
  readonly cube: PlanCube;
  readonly report: AuditReport;
  readonly flagged: readonly FlaggedFigure[];
  /** Figure ids behind each cell and marginal, for provenance (quote and offsets are in the report). */
  readonly provenance: Readonly<Record<string, string>>;
  readonly total: Area | null;
}

export class PlanTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanTextError';
  }
}

function areaOf(f: ExtractedFigure): Area {
  switch (f.unit) {
    case 'ha':
      return Area.fromHectares(f.value);
    case 'mu':
      return Area.fromMu(f.value, { stepSquareMetres: '0.01' });
    case 'm2':
      return Area.fromSquareMetres(f.value);
    case 'sqkm':
      // 1 km² = 10⁶ m² exactly: scaled in Decimal, never through a float.
      return Area.fromSquareKilometres(f.value);
    case 'wanha':
      return Area.fromHectares(new Dec(f.value).times(10_000).toFixed());
    case 'wanmu':
      return Area.fromMu(new Dec(f.value).times(10_000).toFixed(), { stepSquareMetres: '0.01' });
    case 'wanm2':
      return Area.fromSquareMetres(new Dec(f.value).times(10_000).toFixed());
    default:
      throw new PlanTextError(`figure ${f.id} (${f.value} ${f.unit}) is not an area`);
  }
}

export function compilePlanFromText(text: string): CompiledFromText {
  const report = auditText(text);
  const structure = buildStructure(report.figures);
  const total = structure.total;
  if (!total) throw new PlanTextError('未找到供应总量 (no plan total found in the text)');
  const totalArea = areaOf(total);
  const provenance: Record<string, string> = { total: total.id };

  const cells: PlanCell[] = structure.categoryList.map((f) => {
    provenance[`category=${f.category}`] = f.id;
    return { key: { category: f.category! }, area: areaOf(f) };
  });
  const listed = Area.sum(cells.map((c) => c.area));
  if (cells.length === 0) cells.push({ key: { category: 'other' }, area: totalArea });
  else if (listed.compare(totalArea) < 0 && !cells.some((c) => c.key.category === 'other')) {
    cells.push({ key: { category: 'other' }, area: totalArea.minus(listed) });
  }

  const rows: CategoryRow[] = [];
  for (const c of cells) {
    const category = c.key.category!;
    const stmts = report.statements.filter((s) => s.categories.includes(category));
    const kind = stmts.find((s) => s.kind)?.kind ?? (category === 'other' && cells.length > 1 ? 'indicative' : 'binding');
    const allocation = stmts.find((s) => s.allocation)?.allocation ?? 'pooled';
    rows.push({ category, kind, allocation });
  }

  const marginals: StatedMarginal[] = [];
  for (const l of structure.lists) {
    if (l.rule !== 'sum-method' && l.rule !== 'sum-source') continue;
    for (const p of l.parts) {
      if (p.method) {
        marginals.push({ key: { method: p.method }, area: areaOf(p), kind: 'indicative', label: p.label });
        provenance[`method=${p.method}`] = p.id;
      } else if (p.source) {
        const cap = p.source === 'new' && (p.qualifier === 'atMost' || /控制在/.test(p.quote));
        marginals.push({ key: { source: p.source }, area: areaOf(p), kind: cap ? 'binding' : 'indicative', label: p.label });
        provenance[`source=${p.source}`] = p.id;
      }
    }
  }

  const five = report.figures.find((f) => f.role === 'fiveYearAverage' && (f.unit === 'ha' || (f.unit === 'mu' && !f.pairOf)));
  const cube: PlanCube = {
    dimensions: ['category'],
    cells,
    rows,
    districts: [],
    marginals,
    ...(five ? { fiveYearAverage: { total: areaOf(five) } } : {}),
  };

  const flaggedMap = new Map<string, FlaggedFigure>();
  for (const finding of report.findings) {
    if (finding.severity === 'info') continue;
    for (const id of finding.figures) {
      const f = report.figures.find((x) => x.id === id);
      if (!f) continue;
      const prev = flaggedMap.get(id);
      const entry = { rule: finding.rule, severity: finding.severity, message: finding.message };
      flaggedMap.set(id, { figureId: id, label: f.label, value: f.value, unit: f.unit, findings: [...(prev?.findings ?? []), entry] });
    }
  }
  return { cube, report, flagged: [...flaggedMap.values()], provenance, total: totalArea };
}

/**
 * The plan's two attachment tables (domain/plan/attachment-tables) as display tables: the figures
 * are the domain's, formatted to 2 decimals; nothing is computed here. The housing share of the
 * three counted housing types needs the rule set's list of them: when the rule set cannot be
 * loaded the table says so in a note (and the caller is told), instead of dropping the line.
 */
import { housingTable, showHa, summaryTable } from '../domain/plan/attachment-tables.js';
import type { PlanVersion } from '../store/repos/plans.js';
import { ruleSetOfVersion } from './record-supply.js';

/** A table as the API and the documents show it. */
export interface DisplayTable {
  title: { zh: string; en: string };
  columns: { zh: string; en: string }[];
  rows: string[][];
  notes?: string[];
}
type TableDto = DisplayTable;

const KIND = { binding: '约束性', indicative: '指导性' } as const;
const MODE = { pooled: '全县统筹', zoneAllocated: '分解落实到区块' } as const;

/** The housing types the housing-share rule counts, or why they cannot be known. */
function countedHousingTypes(v: PlanVersion): { types: string[]; problem?: string } {
  try {
    const p = ruleSetOfVersion(v.ruleSet, v.year).rules['housing-share-70']?.params['countedHousingTypes'];
    return { types: Array.isArray(p) ? p.map(String) : [] };
  } catch (e) {
    return { types: [], problem: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Both attachment tables of a version. `onProblem` hears what could not be computed (the caller
 * logs it); the table carries the same as a note, so nothing is silently left out.
 */
export function attachmentTables(v: PlanVersion, onProblem?: (message: string) => void): TableDto[] {
  const s = summaryTable(v.cube);
  const counted = countedHousingTypes(v);
  if (counted.problem) onProblem?.(`plan version ${v.id}: rule set could not be loaded, housing share not computed: ${counted.problem}`);
  const h = housingTable(v.cube, counted.types);
  const summary: TableDto = {
    title: { zh: `附件1 ${s.title}（单位：${s.unit}）`, en: 'Attachment 1: supply plan summary (ha)' },
    columns: [
      { zh: '用途', en: 'Use' },
      { zh: '供应面积', en: 'Area' },
      { zh: '新增', en: 'New' },
      { zh: '存量', en: 'Existing' },
      { zh: '出让', en: 'Grant' },
      { zh: '划拨', en: 'Allocation' },
      { zh: '其他方式', en: 'Other methods' },
      { zh: '占比（%）', en: 'Share (%)' },
      { zh: '指标属性', en: 'Kind' },
      { zh: '统筹/分解', en: 'Pooled / allocated' },
      { zh: '近五年年均', en: 'Five-year average' },
    ],
    rows: s.rows.map((r) => [
      r.label,
      showHa(r.area),
      showHa(r.newLand),
      showHa(r.existingLand),
      showHa(r.grant),
      showHa(r.allocation),
      showHa(r.otherMethods),
      r.sharePercent ?? '—',
      r.kind ? KIND[r.kind] : '—',
      r.allocationMode ? MODE[r.allocationMode] : '—',
      showHa(r.fiveYearAverage),
    ]),
    notes: [...s.notes],
  };
  const housing: TableDto = {
    title: { zh: `附件2 ${h.title}（单位：${h.unit}）`, en: 'Attachment 2: housing land supply (ha)' },
    columns: [
      { zh: '住房类型', en: 'Housing type' },
      { zh: '面积', en: 'Area' },
      { zh: '新增', en: 'New' },
      { zh: '存量', en: 'Existing' },
      { zh: '划拨', en: 'Allocation' },
      { zh: '出让', en: 'Grant' },
    ],
    rows: h.rows.map((r) => [r.level === 1 ? `　${r.label}` : r.label, showHa(r.area), showHa(r.newLand), showHa(r.existingLand), showHa(r.allocation), showHa(r.grant)]),
    notes: [
      ...h.notes,
      ...(counted.problem
        ? [`三类住房占住房用地比例：未能计算——本版本的规则集无法加载（${counted.problem}） / the housing share could not be computed: the version's rule set cannot be loaded`]
        : h.countedSharePercent !== null
          ? [`三类住房占住房用地比例：${h.countedSharePercent}%`]
          : []),
    ],
  };
  return [summary, housing];
}

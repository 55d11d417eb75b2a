/**
 * The plan's two attachment tables (domain/plan/attachment-tables) rendered as API tables: the
 * figures are the domain's, formatted to 2 decimals; nothing is computed here.
 */
import { housingTable, showHa, summaryTable } from '../../domain/plan/attachment-tables.js';
import type { PlanVersion } from '../../store/repos/plans.js';
import { ruleSetOfVersion } from '../../services/record-supply.js';
import type { TableDto } from '../schemas.js';

const KIND = { binding: '约束性', indicative: '指导性' } as const;
const MODE = { pooled: '全县统筹', zoneAllocated: '分解落实到区块' } as const;

function countedHousingTypes(v: PlanVersion): string[] {
  try {
    const p = ruleSetOfVersion(v.ruleSet, v.year).rules['housing-share-70']?.params['countedHousingTypes'];
    return Array.isArray(p) ? p.map(String) : [];
  } catch {
    return [];
  }
}

export function attachmentTables(v: PlanVersion): TableDto[] {
  const s = summaryTable(v.cube);
  const h = housingTable(v.cube, countedHousingTypes(v));
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
    notes: [...h.notes, ...(h.countedSharePercent !== null ? [`三类住房占住房用地比例：${h.countedSharePercent}%`] : [])],
  };
  return [summary, housing];
}

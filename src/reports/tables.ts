/**
 * The attachment tables as grids, projected from the domain's tables (domain/plan/attachment-tables,
 * parcel-schedule): 附件1 汇总表, 附件2 住房用地供应计划汇总表, and the 宗地表. Columns the plan
 * does not break down are left out (the domain's notes say so under the table). Areas are the
 * exact hectares; totals and shares carry the formula that computes them.
 */
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import { housingTable, summaryTable, type AreaColumns } from '../domain/plan/attachment-tables.js';
import { parcelSchedule } from '../domain/plan/parcel-schedule.js';
import type { PlanDocument } from '../domain/plan/document.js';
import type { GridColumn, GridRow, GridTable, GridValue, HeaderCell } from './grid.js';

const KIND = { binding: '约束性', indicative: '指导性' } as const;
const MODE = { pooled: '全县统筹', zoneAllocated: '分解落实到区块' } as const;

const text = (t: string): GridValue => ({ kind: 'text', text: t });
const areaCell = (a: Area | null, dp = 2): GridValue => (a ? { kind: 'number', value: a.hectares, dp } : { kind: 'none' });

type AreaKey = keyof AreaColumns;
// Units stand in the column headers ("供应面积（公顷）"), each column its own: a "单位：公顷" line above
// a table says nothing of its 占比 and 序号 columns.
const AREA_COLUMNS: { key: AreaKey; label: string; group?: string }[] = [
  { key: 'area', label: '供应面积（公顷）' },
  { key: 'newLand', label: '新增', group: '土地来源（公顷）' },
  { key: 'existingLand', label: '存量', group: '土地来源（公顷）' },
  { key: 'grant', label: '出让', group: '供应方式（公顷）' },
  { key: 'allocation', label: '划拨', group: '供应方式（公顷）' },
  { key: 'otherMethods', label: '其他方式', group: '供应方式（公顷）' },
];

/** Two header rows: grouped columns under a merged group cell, the others spanning both rows. */
function twoRowHeader(cols: { label: string; group?: string }[]): HeaderCell[][] {
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  for (let i = 0; i < cols.length; i++) {
    const g = cols[i]!.group;
    if (!g) {
      top.push({ text: cols[i]!.label, rowSpan: 2 });
      continue;
    }
    let n = 0;
    while (i + n < cols.length && cols[i + n]!.group === g) {
      bottom.push({ text: cols[i + n]!.label });
      n++;
    }
    top.push(n > 1 ? { text: g, colSpan: n } : { text: `${g}：${cols[i]!.label}`, rowSpan: 2 });
    if (n === 1) bottom.pop();
    i += n - 1;
  }
  return bottom.length ? [top, bottom] : [top.map((c) => ({ text: c.text, ...(c.colSpan ? { colSpan: c.colSpan } : {}) }))];
}

/** Formulas for the level-0 rows' total and for parents of level-1 rows. */
function withSums(rows: GridRow[], numericCols: readonly number[], dp: number): GridRow[] {
  const parts = rows.map((r, i) => (r.level === 0 && !r.total ? i : -1)).filter((i) => i >= 0);
  return rows.map((r, i) => {
    let members: number[] | undefined;
    if (r.total) members = parts;
    else if (r.level === 0 && rows[i + 1]?.level === 1) {
      members = [];
      for (let j = i + 1; j < rows.length && rows[j]!.level === 1; j++) members.push(j);
    }
    if (!members) return r;
    const m = members;
    return {
      ...r,
      cells: r.cells.map((c, col) => (c.kind === 'number' && numericCols.includes(col) ? { ...c, formula: { kind: 'sum', rows: m, dp } } : c)),
    };
  });
}

/** 附件1 国有建设用地供应计划汇总表. */
export function summaryGrid(plan: PlanDocument, title: string): GridTable {
  const s = summaryTable(plan.cube);
  // 其他方式 only when some row has land supplied by lease, capital contribution or authorized operation.
  const used = AREA_COLUMNS.filter((c) => s.rows.some((r) => r[c.key] !== null && (c.key !== 'otherMethods' || !r[c.key]!.equals(Area.zero))));
  const hasFive = s.rows.some((r) => r.fiveYearAverage !== null);
  const hasKind = plan.cube.rows.length > 0;
  const columns: GridColumn[] = [
    { key: 'label', width: 14, align: 'left' },
    ...used.map((c) => ({ key: c.key, width: 8, align: 'right' as const })),
    { key: 'share', width: 7, align: 'right' },
    ...(hasKind ? [{ key: 'kind', width: 6, align: 'center' as const }, { key: 'mode', width: 9, align: 'center' as const }] : []),
    ...(hasFive ? [{ key: 'five', width: 9, align: 'right' as const }] : []),
  ];
  const header = twoRowHeader([
    { label: '用途' },
    ...used,
    { label: '占比（%）' },
    ...(hasKind ? [{ label: '指标属性' }, { label: '统筹/分解' }] : []),
    ...(hasFive ? [{ label: '近五年年均供应（公顷）' }] : []),
  ]);
  const shareCol = 1 + used.length;
  const areaCol = used.findIndex((c) => c.key === 'area') + 1;
  const totalIndex = s.rows.length - 1;
  // Largest remainder moved a share off its half-up value by one unit: the formula says so.
  const rows: GridRow[] = s.rows.map((r, i) => {
    const isTotal = r.id === 'total';
    let share: GridValue = { kind: 'none' };
    if (r.sharePercent !== null && r.level === 0) {
      const adjust = isTotal || r.shareHalfUp === null ? 0 : (new Dec(r.sharePercent).minus(r.shareHalfUp).times(100).toNumber() as -1 | 0 | 1);
      share = { kind: 'number', value: new Dec(r.sharePercent), dp: 2, formula: isTotal ? { kind: 'sum', rows: [], dp: 2 } : { kind: 'share', of: areaCol, numeratorRows: [i], denominatorRow: totalIndex, adjust } };
    }
    return {
      level: r.level,
      ...(isTotal ? { total: true } : {}),
      cells: [
        text(r.level === 1 ? `　${r.label}` : r.label),
        ...used.map((c) => areaCell(r[c.key])),
        share,
        ...(hasKind ? [text(r.kind && !isTotal ? KIND[r.kind] : ''), text(r.allocationMode ? MODE[r.allocationMode] : '')] : []),
        ...(hasFive ? [areaCell(r.fiveYearAverage)] : []),
      ],
    };
  });
  const numeric = used.map((_, i) => i + 1);
  const summed = withSums(rows, numeric, 8);
  // The total's share is the sum of the printed shares (100.00).
  const parts = summed.map((r, i) => (r.level === 0 && !r.total && r.cells[shareCol]!.kind === 'number' ? i : -1)).filter((i) => i >= 0);
  const final = summed.map((r) => (r.total && r.cells[shareCol]!.kind === 'number' ? { ...r, cells: r.cells.map((c, col) => (col === shareCol && c.kind === 'number' ? { ...c, formula: { kind: 'sum' as const, rows: parts, dp: 2 } } : c)) } : r));
  return { sheet: '附件1 汇总表', title, unit: '公顷', header, columns, rows: final, notes: [...s.notes, ...shareNote(s.rows.some((r) => r.sharePercent !== null && r.shareHalfUp !== null && r.sharePercent !== r.shareHalfUp))] };
}

function shareNote(adjusted: boolean): string[] {
  return adjusted ? ['占比按最大余额法取整，使各项占比之和等于合计'] : [];
}

/** 附件2 住房用地供应计划汇总表. */
export function housingGrid(plan: PlanDocument, countedTypes: readonly string[], title: string): GridTable {
  const h = housingTable(plan.cube, countedTypes);
  const used = AREA_COLUMNS.filter((c) => c.key !== 'otherMethods' && h.rows.some((r) => r[c.key] !== null)).map((c) => (c.key === 'area' ? { ...c, label: '面积（公顷）' } : c));
  const columns: GridColumn[] = [{ key: 'label', width: 22, align: 'left' }, ...used.map((c) => ({ key: c.key, width: 9, align: 'right' as const }))];
  const header = twoRowHeader([{ label: '住房类型' }, ...used]);
  const rows: GridRow[] = h.rows.map((r) => ({
    level: r.level,
    ...(r.id === 'total' ? { total: true } : {}),
    cells: [text(r.level === 1 ? `　其中：${r.label}` : r.label), ...used.map((c) => areaCell(r[c.key]))],
  }));
  const summed = withSums(rows, used.map((_, i) => i + 1), 8);
  if (h.countedSharePercent !== null) {
    const totalRow = summed.findIndex((r) => r.total);
    const counted = h.rows.map((r, i) => (countedTypes.includes(r.id) ? i : -1)).filter((i) => i >= 0);
    summed.push({
      level: 1,
      cells: [
        text('保障性住房、棚户区改造住房和中小套型普通商品住房用地占比（%）'),
        { kind: 'number', value: new Dec(h.countedSharePercent), dp: 2, formula: { kind: 'share', of: 1, numeratorRows: counted, denominatorRow: totalRow, adjust: 0 } },
        ...used.slice(1).map((): GridValue => ({ kind: 'none' })),
      ],
    });
  }
  return { sheet: '附件2 住房用地', title, unit: '公顷', header, columns, rows: summed, notes: [...h.notes] };
}

/** 宗地表: one row per parcel, areas to 4 decimals (1 m²), with a 合计 row. */
export function parcelGrid(plan: PlanDocument, title: string, note?: string): GridTable | undefined {
  const s = parcelSchedule(plan);
  if (s.rows.length === 0) return undefined;
  const has = {
    name: s.rows.some((r) => r.name !== null),
    location: s.rows.some((r) => r.location !== null),
    district: s.rows.some((r) => r.district !== null),
    method: s.rows.some((r) => r.method !== null),
    source: s.rows.some((r) => r.newLand !== null),
    quarter: s.rows.some((r) => r.quarter !== null),
    housing: s.rows.some((r) => r.housingType !== null),
  };
  const cols: { key: string; label: string; group?: string; width: number; align: GridColumn['align'] }[] = [
    { key: 'index', label: '序号', width: 5, align: 'center' },
    { key: 'number', label: '宗地编号', width: 11, align: 'left' },
    ...(has.name ? [{ key: 'name', label: '项目名称', width: 14, align: 'left' as const }] : []),
    ...(has.location ? [{ key: 'location', label: '坐落', width: 14, align: 'left' as const }] : []),
    ...(has.district ? [{ key: 'district', label: '片区', width: 10, align: 'left' as const }] : []),
    { key: 'area', label: '面积（公顷）', width: 9, align: 'right' },
    { key: 'use', label: '土地用途', width: 12, align: 'left' },
    ...(has.method ? [{ key: 'method', label: '供应方式', width: 7, align: 'center' as const }] : []),
    ...(has.source ? [{ key: 'newLand', label: '新增', group: '土地来源（公顷）', width: 8, align: 'right' as const }, { key: 'existingLand', label: '存量', group: '土地来源（公顷）', width: 8, align: 'right' as const }] : []),
    ...(has.quarter ? [{ key: 'quarter', label: '计划供应季度', width: 7, align: 'center' as const }] : []),
    ...(has.housing ? [{ key: 'housing', label: '住房类型', width: 12, align: 'left' as const }] : []),
  ];
  const rows: GridRow[] = s.rows.map((r) => ({
    level: 0,
    cells: cols.map((c): GridValue => {
      switch (c.key) {
        case 'index':
          return { kind: 'integer', value: r.index };
        case 'number':
          return text(r.number);
        case 'name':
          return text(r.name ?? '');
        case 'location':
          return text(r.location ?? '');
        case 'district':
          return text(r.district ?? '');
        case 'area':
          return areaCell(r.area, 4);
        case 'use':
          return text(r.use);
        case 'method':
          return text(r.method ?? '');
        case 'newLand':
          return areaCell(r.newLand, 4);
        case 'existingLand':
          return areaCell(r.existingLand, 4);
        case 'quarter':
          return r.quarter === null ? text('') : text(`第${'一二三四'[r.quarter - 1]}季度`);
        default:
          return text(r.housingType ?? '');
      }
    }),
  }));
  const numeric = cols.map((c, i) => (['area', 'newLand', 'existingLand'].includes(c.key) ? i : -1)).filter((i) => i >= 0);
  const sumOf = (key: 'area' | 'newLand' | 'existingLand'): Area | null => (key === 'area' || has.source ? Area.sum(s.rows.map((r) => r[key] ?? Area.zero)) : null);
  rows.push({
    level: 0,
    total: true,
    cells: cols.map((c): GridValue => (c.key === 'index' ? text('合计') : c.key === 'area' || c.key === 'newLand' || c.key === 'existingLand' ? areaCell(sumOf(c.key), 4) : text(c.key === 'number' ? `${s.rows.length}宗` : ''))),
  });
  return {
    sheet: '宗地表',
    title,
    unit: '公顷',
    header: twoRowHeader(cols),
    columns: cols.map((c) => ({ key: c.key, width: c.width, align: c.align })),
    rows: withSums(rows, numeric, 8),
    notes: note ? [note] : [],
  };
}

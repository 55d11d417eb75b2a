/**
 * The monthly report (月报) as an xlsx workbook: data in, bytes out (ARCHITECTURE: reports/ is
 * pure). Sheets: 概况 (what the report rests on: calendar source, rule set, counts), 供地执行 (by
 * month, category, district, from the contracts and decisions), 超期事项 (every supervision item
 * with its rule, basis, days and evidence), 本月到期价款, 闲置土地, 批次供地率, 依据 (the contract
 * numbers behind the execution figures). Amounts are written as exact decimal text, never floats.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { BatchSupply, PipelineOverview } from '../domain/pipeline/report.js';
import { DEADLINE_RULES, type DeadlineId } from '../domain/pipeline/deadlines.js';
import { STEP_LABELS, type EventKind } from '../domain/pipeline/steps.js';

export interface MonthlyReportInput {
  readonly month: string;
  readonly jurisdictionName: string;
  readonly overview: PipelineOverview;
  readonly batches: readonly BatchSupply[];
  readonly categoryName: (id: string) => string;
  readonly generatedAt: string;
}

const KIND_ZH: Record<string, string> = { overdue: '逾期未办', late: '逾期已办', short: '期限不足', schedule: '约定不符', idle: '闲置', recovery: '可收回', uncomputable: '无法计算', due: '即将到期' };
const MEASURE_ZH: Record<string, string> = { fee: '征缴闲置费', recovery: '无偿收回', extension: '延长动工期限', otherGovernmentMeasure: '其他处置方式' };

/**
 * A sheet written row by row and committed (ExcelJS's streaming writer: a county's 超期事项 runs to
 * hundreds of thousands of rows, which the in-memory workbook takes a minute to write).
 */
function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, header: string[], rows: Iterable<(string | number | null)[]>, widths?: number[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((_, i) => ({ width: widths?.[i] ?? Math.min(60, Math.max(10, header[i]!.length * 2 + 2)) }));
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.commit();
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v))).commit();
  ws.commit();
}

export async function monthlyReportXlsx(r: MonthlyReportInput): Promise<Uint8Array> {
  const o = r.overview;
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'landplan';
  wb.created = new Date(r.generatedAt);
  sheet(wb, '概况', ['项目', '内容'], [
    ['报告', `${r.jurisdictionName}国有建设用地供应监管月报（${r.month}）`],
    ['行政区划代码', o.jurisdictionCode],
    ['统计截止日', o.asOf],
    ['纳入监管宗地', o.parcels],
    ['土地储备宗地', o.reserve],
    ['超期及异常事项', o.items.length],
    ['本月到期价款笔数', o.dueThisMonth.length],
    ['规则集', o.ruleSet],
    ['未计算的期限（规则集未配置）', o.notComputed.join('、') || '无'],
    ['工作日历', o.calendar.description.zh],
    ['生成时间', r.generatedAt],
  ], [28, 90]);
  const exec = (title: string, lines: PipelineOverview['execution']['byMonth'], label: (k: string) => string): (string | number)[][] => lines.map((l) => [title, label(l.key), l.count, l.areaHa, l.priceWanYuan]);
  sheet(wb, '供地执行', ['维度', '项', '宗数', '面积（公顷）', '价款（万元）'], [
    ...exec('按月份', o.execution.byMonth, (k) => k),
    ...exec('按用途', o.execution.byCategory, r.categoryName),
    ...exec('按片区', o.execution.byDistrict, (k) => k || '未注明'),
  ], [10, 24, 8, 16, 16]);
  sheet(wb, '超期事项', ['宗地编号', '项目名称', '事项', '类型', '环节', '到期日', '天数', '金额（万元）', '说明', '依据', '可信度', '证据（文件）'], o.items.map((i) => [
    i.parcelNumber, i.projectName, DEADLINE_RULES[i.rule as DeadlineId].title.zh, KIND_ZH[i.kind] ?? i.kind, STEP_LABELS[i.step as EventKind]?.zh ?? i.step, i.dueDate ?? null, i.days, i.amountWanYuan ?? null, i.message.zh, i.basis, i.confidence,
    i.evidence.documents.map((d) => `${d.kind} ${d.number}（${d.date}）`).join('；'),
  ]), [14, 22, 26, 10, 14, 12, 8, 14, 60, 50, 10, 60]);
  sheet(wb, '本月到期价款', ['宗地编号', '项目名称', '合同编号', '期次', '到期日', '应缴（万元）', '尚欠（万元）'], o.dueThisMonth.map((d) => [d.parcelNumber, d.projectName, d.contractNo, d.instalmentNo, d.dueDate, d.amountWanYuan, d.outstandingWanYuan]), [14, 22, 22, 6, 12, 14, 14]);
  sheet(wb, '闲置土地', ['阶段', '宗数'], [
    ['调查中', o.idleCases.investigating],
    ['已认定待处置', o.idleCases.determined],
    ...Object.entries(o.idleCases.disposed).map(([m, n]) => [`已处置：${MEASURE_ZH[m] ?? m}`, n] as [string, number]),
  ], [24, 10]);
  sheet(wb, '批次供地率', ['批次', '类型', '批准日期', '批准文号', '批准面积（公顷）', '已供（公顷）', '批而未供（公顷）', '供地率（%）'], r.batches.map((b) => [b.batchNo, b.kind === 'conversion' ? '农用地转用' : '土地征收', b.approvedOn, b.approvalRef, b.approvedHa, b.suppliedHa, b.unsuppliedHa, b.supplyRatePercent]), [16, 12, 12, 26, 16, 14, 16, 12]);
  sheet(wb, '依据', ['宗地', '合同或决定书编号', '签订日期', '面积（平方米）'], o.execution.evidence.map((e) => [e.parcelId, e.number, e.on, e.areaM2]), [10, 26, 12, 16]);
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The 巴楚县 2026 plan as a generated document: the figures its published text got wrong come out
 * right (1843.24 公顷 = 27648.60 亩, 出让 19507.05 亩, 划拨 8141.55 亩, shares by largest remainder
 * summing to 100.00), the document is clean under the audit, and its layout is GB/T 9704-2012.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';
import { decodePlanDocument } from '../../src/audit/read.js';
import { documentText, planDocumentModel, planTables, renderPlanDocx } from '../../src/reports/index.js';
import { PARCEL_ROWS_IN_DOCUMENT } from '../../src/reports/document.js';
import { chineseNumber, countWord, partShares } from '../../src/reports/figures.js';
import { Area } from '../../src/domain/area.js';
import { demoInput, demoInputWithParcels } from './plans.js';

describe('the 巴楚县 2026 document generated from the demo plan', () => {
  it('prints the total and every 亩 figure computed from the hectares', async () => {
    const text = documentText(await planDocumentModel(demoInput(), { figures: false }));
    expect(text).toContain('国有建设用地供应总量控制在1843.24公顷（27648.60亩）以内');
    expect(text).toContain('出让方式供应1300.47公顷（19507.05亩），占比70.55%');
    expect(text).toContain('划拨方式供应542.77公顷（8141.55亩），占比29.45%');
    expect(text).toContain('近五年年均供应总量434.61公顷（6519.15亩）');
    expect(text).toContain('计划供应：1.工矿仓储用地1175.42公顷（17631.30亩），占比63.77%；');
    expect(text).toContain('住宅用地77.33公顷（1159.95亩），占比4.19%；');
    expect(text).toContain('公共管理与公共服务用地1.80公顷（27.00亩），占比0.10%；');
    expect(text).toContain('特殊用地14.67公顷（220.05亩），占比0.80%。');
    // The published text's errors are gone.
    for (const wrong of ['27647.42', '19505.83', '8151.59', '29.44%', '0.09%']) expect(text).not.toContain(wrong);
    const list = /计划供应：(.*?)。/.exec(text)![1]!;
    const shares = [...list.matchAll(/占比(\d+\.\d\d)%/g)].map((m) => Math.round(Number(m[1]) * 100));
    expect(shares).toHaveLength(7);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(10000);
  });

  it('the .docx read back as an upload is clean under the audit, and its figures are the plan cells', async () => {
    const input = demoInput();
    const { text } = await decodePlanDocument(Buffer.from(await renderPlanDocx(input, { figures: false })), 'plan.docx');
    const report = auditText(text);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const byRole = (role: string, unit: string) => report.figures.filter((f) => f.role === role && f.unit === unit).map((f) => f.value);
    expect(byRole('total', 'ha')).toEqual(['1843.24']);
    expect(byRole('total', 'mu')).toEqual(['27648.60']);
    expect(byRole('method', 'mu')).toEqual(['19507.05', '8141.55']);
    expect(byRole('category', 'ha')).toEqual(['1175.42', '52.89', '77.33', '1.80', '50.60', '470.53', '14.67']);
  });

  it('lays the page out by GB/T 9704-2012: A4, 37/28 mm margins, a 156 × 225 mm text block, 22 lines, official fonts, page numbers "— n —"', async () => {
    const files = unzipSync(await renderPlanDocx(demoInput({ meta: { status: 'approved', issuingAuthority: '巴楚县自然资源局', documentNumber: '巴自然资发〔2026〕1号', signedOn: '2026-03-20' } }), { figures: false }));
    const doc = strFromU8(files['word/document.xml']!);
    const body = /<w:sectPr>(?:(?!<w:sectPr>).)*?<w:docGrid[^>]*\/><\/w:sectPr>/.exec(doc)![0];
    expect(body).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(body).toContain('w:top="2098"'); // 37 mm
    expect(body).toContain('w:left="1587"'); // 28 mm
    expect(body).toContain('w:right="1474"'); // 210 − 28 − 156 = 26 mm
    expect(body).toContain('w:bottom="1984"'); // 297 − 37 − 225 = 35 mm
    expect(body).toContain('w:linePitch="579"'); // 12756 twips / 22 lines
    for (const font of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312']) expect(doc).toContain(`w:eastAsia="${font}"`);
    expect(doc).toContain('巴楚县自然资源局文件');
    expect(doc).toContain('巴自然资发〔2026〕1号');
    expect(doc).toContain('2026年3月20日');
    expect(doc).toContain('<w:color w:val="FF0000"/>');
    const footers = Object.keys(files).filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => strFromU8(files[k]!));
    expect(footers.some((f) => f.includes('— ') && f.includes('PAGE') && f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
    expect(strFromU8(files['word/settings.xml']!)).toContain('w:evenAndOddHeaders');
  });

  it('lists the attachments in 附件说明 and puts the tables inside the document', async () => {
    const input = demoInput();
    const model = await planDocumentModel(input, { figures: false });
    expect(model.attachments.map((a) => a.title)).toEqual(['巴楚县2026年度国有建设用地供应计划汇总表', '巴楚县2026年度住房用地供应计划汇总表']);
    const doc = strFromU8(unzipSync(await renderPlanDocx(input, { figures: false }))['word/document.xml']!);
    expect(doc.match(/<w:tbl>/g)?.length).toBe(2);
    expect(doc).toContain('<w:tblHeader/>');
    expect(doc).not.toContain('@@LANDPLAN-TABLE');
  });
});

describe('the 宗地表 in the document', () => {
  it(`prints up to ${PARCEL_ROWS_IN_DOCUMENT} parcels as a table; a longer schedule is named as its own file, the workbook's sheet`, async () => {
    const short = await planDocumentModel(demoInputWithParcels(PARCEL_ROWS_IN_DOCUMENT), { figures: false });
    expect(short.attachments.at(-1)!.content.kind).toBe('table');
    const input = demoInputWithParcels(PARCEL_ROWS_IN_DOCUMENT + 1);
    const long = await planDocumentModel(input, { figures: false });
    const last = long.attachments.at(-1)!;
    expect(last.content.kind).toBe('separate');
    const text = documentText(long);
    expect(text).toContain(`${last.number}.巴楚县2026年度国有建设用地供应计划宗地表（电子表格，另行发布）`);
    const doc = strFromU8(unzipSync(await renderPlanDocx(input, { figures: false }))['word/document.xml']!);
    expect(doc.match(/<w:tbl>/g)?.length).toBe(2); // 附件1 and 附件2 only
    expect(doc).toContain(`本附件共${PARCEL_ROWS_IN_DOCUMENT + 1}宗`);
    expect(doc).not.toContain(input.plan.parcels![0]!.number);
    const decoded = await decodePlanDocument(Buffer.from(await renderPlanDocx(input, { figures: false })), 'plan.docx');
    expect(auditText(decoded.text).findings.filter((f) => f.severity !== 'info')).toEqual([]);
    // The workbook has every row.
    const sheet = planTables(input).find((t) => t.sheet === '宗地表')!;
    expect(sheet.rows.filter((r) => !r.total).length).toBe(PARCEL_ROWS_IN_DOCUMENT + 1);
  });
});

describe('figure helpers', () => {
  it('shares of a partition sum to exactly 100.00; of a partial list each is rounded on its own', () => {
    const parts = ['77.33', '52.89', '1175.42', '1.8', '50.6', '470.53', '14.67'].map((h) => Area.fromHectares(h));
    expect(partShares(parts, Area.sum(parts))).toEqual(['4.19', '2.87', '63.77', '0.10', '2.74', '25.53', '0.80']);
    expect(partShares([Area.fromHectares('1')], Area.fromHectares('3'))).toEqual(['33.33']);
  });
  it('counts in Chinese numerals as clauses print them', () => {
    expect([1, 2, 10, 12, 20, 70].map(chineseNumber)).toEqual(['一', '二', '十', '十二', '二十', '七十']);
    expect(countWord(2)).toBe('两');
  });
});

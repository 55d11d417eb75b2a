/**
 * The document of a version says where the version is in its life: a draft is a （草案）, a
 * consultation draft says （征求意见稿） and its period, an approved or published version carries the
 * approval's 文号, the government's 版头 and 署名 and the 成文日期, an adjustment says 调整 and why.
 * Each state is built here by writing plan_transition rows and plan_version.status directly (the
 * lifecycle service that makes these moves is not under test); on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { auditText } from '../../src/audit/index.js';
import { decodePlanDocument } from '../../src/audit/read.js';
import { documentText, planDocumentModel, renderPlanDocx } from '../../src/reports/index.js';
import { reportInput } from '../../src/services/export-plan.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { insertVersionTx } from '../../src/store/repos/plans.js';
import type { Store } from '../../src/store/database.js';
import { compilePlanFromText } from '../../src/services/compile-plan-from-text.js';
import { dataFilePath } from '../../src/services/data-files.js';
import { readFileSync } from 'node:fs';
import { BACKENDS, openFresh, seedBachuJurisdictions } from '../store/helpers.js';

interface Move {
  readonly from: string | null;
  readonly to: string;
  readonly date?: string;
  readonly until?: string;
  readonly docNumber?: string;
  readonly reason?: string;
}

/** Test setup: the version's journal of moves and its status, as the lifecycle service would leave them. */
async function putInState(store: Store, versionId: number, moves: readonly Move[]): Promise<void> {
  await store.write(async (tx) => {
    if (moves.length === 0) return;
    for (const m of moves) {
      await tx
        .insertInto('plan_transition')
        .values({ plan_version_id: versionId, from_state: m.from, to_state: m.to, actor: 'test', role: 'editor', on_date: m.date ?? null, until: m.until ?? null, doc_number: m.docNumber ?? null, reason: m.reason ?? null, recorded_at: '2026-03-01T00:00:00.000Z' })
        .execute();
    }
    await tx.updateTable('plan_version').set({ status: moves.at(-1)!.to }).where('id', '=', versionId).execute();
  });
}

const CONSULTATION: Move[] = [
  { from: null, to: 'drafting' },
  { from: 'drafting', to: 'consultation', date: '2026-01-10', until: '2026-02-09' },
];
const APPROVED: Move[] = [...CONSULTATION, { from: 'consultation', to: 'review' }, { from: 'review', to: 'submitted' }, { from: 'submitted', to: 'approved', date: '2026-02-20', docNumber: '巴政发〔2026〕3号' }];
const PUBLISHED: Move[] = [...APPROVED, { from: 'approved', to: 'published', date: '2026-03-02' }];

for (const backend of BACKENDS) {
  describe(`the document's lifecycle metadata (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const cube = compilePlanFromText(readFileSync(dataFilePath('demo/bachu-2026-plan.txt'), 'utf8')).cube;
    beforeAll(async () => {
      const f = await openFresh(backend);
      store = f.store;
      cleanup = f.cleanup;
      await seedBachuJurisdictions(store);
    });
    afterAll(async () => cleanup());

    let year = 2030;
    /** A new plan (its own year) with version 1 in the state the moves leave it. */
    async function version(moves: readonly Move[], name?: string): Promise<number> {
      const v = await createPlan(store, { jurisdictionCode: '653130', year: year++, cube, validFrom: '2026-01-01', actor: 'test', ...(name ? { name } : {}) });
      await putInState(store, v.id, moves);
      return v.id;
    }
    async function documentOf(versionId: number): Promise<{ text: string; meta: unknown }> {
      const { input } = await reportInput(store.db, versionId);
      return { text: documentText(await planDocumentModel(input, { figures: false })), meta: input.meta };
    }

    it('a draft is a （草案） without 版头, 文号 or 署名, even when the plan was named with its state', async () => {
      const { text, meta } = await documentOf(await version([{ from: null, to: 'drafting' }], '巴楚县2030年度国有建设用地供应计划（草案）'));
      expect(meta).toEqual({ status: 'drafting', versionSeq: 1 });
      const lines = text.split('\n');
      expect(lines.slice(0, 2)).toEqual(['巴楚县2030年度国有建设用地供应计划', '（草案）']);
      expect(text).not.toContain('人民政府');
      expect(text).not.toMatch(/^[^\n]*〔\d{4}〕\d+号$/m); // no 发文字号 line
    });

    it('a consultation draft says （征求意见稿） and its period, and is not an issued document', async () => {
      const id = await version(CONSULTATION);
      const { text, meta } = await documentOf(id);
      expect(meta).toMatchObject({ status: 'consultation', consultation: { from: '2026-01-10', until: '2026-02-09' } });
      expect(text.split('\n').slice(1, 3)).toEqual(['（征求意见稿）', '（征求意见时间：2026年1月10日至2026年2月9日）']);
      expect(text).not.toContain('人民政府文件');
    });

    it('an approved version carries the approval’s 文号, the government’s 版头 and 署名, and the 成文日期; the .docx is clean under the audit', async () => {
      const id = await version(APPROVED);
      const { text, meta } = await documentOf(id);
      expect(meta).toEqual({ status: 'approved', versionSeq: 1, consultation: { from: '2026-01-10', until: '2026-02-09' }, signedOn: '2026-02-20', documentNumber: '巴政发〔2026〕3号', issuingAuthority: '巴楚县人民政府' });
      const lines = text.split('\n');
      expect(lines.slice(0, 3)).toEqual(['巴楚县人民政府文件', '巴政发〔2026〕3号', '巴楚县2032年度国有建设用地供应计划']);
      expect(lines.slice(-2)).toEqual(['巴楚县人民政府', '2026年2月20日']);
      expect(text).not.toContain('征求意见');
      const { input } = await reportInput(store.db, id);
      const decoded = await decodePlanDocument(Buffer.from(await renderPlanDocx(input, { figures: false })), 'plan.docx');
      expect(auditText(decoded.text).findings.filter((f) => f.severity !== 'info')).toEqual([]);
    });

    it('a published version keeps the approval’s 成文日期 and knows its publication date', async () => {
      const { text, meta } = await documentOf(await version(PUBLISHED));
      expect(meta).toMatchObject({ status: 'published', signedOn: '2026-02-20', publishedOn: '2026-03-02', documentNumber: '巴政发〔2026〕3号' });
      expect(text.split('\n').at(-1)).toBe('2026年2月20日');
    });

    it('a version recorded as published without its moves (an imported plan) names no authority and prints no 版头', async () => {
      const id = await version([]);
      await store.db.updateTable('plan_version').set({ status: 'published' }).where('id', '=', id).execute();
      const { text, meta } = await documentOf(id);
      expect(meta).toEqual({ status: 'published', versionSeq: 1 });
      expect(text).not.toContain('人民政府');
    });

    it('an adjustment says 调整 in its title area and gives its reason; approved, it carries its own 文号', async () => {
      const base = await version(PUBLISHED);
      const adj = await store.write(async (tx) => {
        const planId = Number((await tx.selectFrom('plan_version').select('plan_id').where('id', '=', base).executeTakeFirstOrThrow()).plan_id);
        const v = await insertVersionTx(tx, planId, 2, { cube, validFrom: '2026-06-01', actor: 'test', status: 'adjusting' }, '2026-06-01T00:00:00.000Z');
        await tx.updateTable('plan_version').set({ based_on_version_id: base, change_reason: '新增保障性租赁住房项目\n用地', decision_on: '2026-06-10', decision_meeting: '县政府常务会议' }).where('id', '=', v.id).execute();
        return v.id;
      });
      await putInState(store, adj, [{ from: null, to: 'adjusting', reason: '新增保障性租赁住房项目' }]);
      let doc = await documentOf(adj);
      expect(doc.meta).toEqual({ status: 'adjusting', versionSeq: 2, adjustment: true, adjustmentReason: '新增保障性租赁住房项目 用地' });
      let lines = doc.text.split('\n');
      expect(lines[1]).toBe('（调整草案）');
      expect(lines[2]).toMatch(/^本计划系对巴楚县\d{4}年度国有建设用地供应计划的调整（第2版）。调整原因：新增保障性租赁住房项目 用地。$/);
      expect(doc.text).not.toContain('人民政府文件');

      await putInState(store, adj, [{ from: 'adjusting', to: 'submitted' }, { from: 'submitted', to: 'approved', date: '2026-06-20', docNumber: '巴政发〔2026〕9号' }]);
      doc = await documentOf(adj);
      lines = doc.text.split('\n');
      expect(lines.slice(0, 4)).toEqual(['巴楚县人民政府文件', '巴政发〔2026〕9号', lines[2], '（调整）']);
      expect(doc.text).toContain('调整原因：新增保障性租赁住房项目 用地。');
      expect(lines.at(-1)).toBe('2026年6月20日');
    });

    it('a revision after consultation is not an adjustment', async () => {
      const base = await version([...CONSULTATION, { from: 'consultation', to: 'withdrawn', reason: 'superseded by version 2' }]);
      const rev = await store.write(async (tx) => {
        const planId = Number((await tx.selectFrom('plan_version').select('plan_id').where('id', '=', base).executeTakeFirstOrThrow()).plan_id);
        const v = await insertVersionTx(tx, planId, 2, { cube, validFrom: '2026-01-01', actor: 'test', status: 'drafting' }, '2026-03-01T00:00:00.000Z');
        await tx.updateTable('plan_version').set({ based_on_version_id: base, change_reason: '采纳公众意见' }).where('id', '=', v.id).execute();
        return v.id;
      });
      await putInState(store, rev, [{ from: null, to: 'drafting' }]);
      const { text, meta } = await documentOf(rev);
      expect(meta).toEqual({ status: 'drafting', versionSeq: 2 });
      expect(text.split('\n')[1]).toBe('（草案）');
      expect(text).not.toContain('调整原因');
    });

    it('prints hostile 文号 and reasons as text: the .docx stays well-formed', async () => {
      const id = await version([{ from: null, to: 'submitted' }, { from: 'submitted', to: 'approved', date: '2026-02-20', docNumber: '<w:p>&"x"〔2026〕1号' }]);
      const { input } = await reportInput(store.db, id);
      const xml = strFromU8(unzipSync(await renderPlanDocx(input, { figures: false }))['word/document.xml']!);
      expect(xml).toContain('&lt;w:p&gt;&amp;');
      expect((await decodePlanDocument(Buffer.from(await renderPlanDocx(input, { figures: false })), 'plan.docx')).text).toContain('<w:p>&"x"〔2026〕1号');
    });
  });
}

/**
 * Demo public comments on a version under consultation (all 演示数据, nothing real): one on the
 * whole plan, one on the 住宅用地 row, one on a district, one on a parcel — the ones the version
 * and the register have — three of them answered 采纳 / 部分采纳 / 不采纳 with a reason, one left
 * for the editor. Each body starts "【演示数据】", each name ends "（演示）", and the client hash is
 * the word "demo" (a real one is a 64-digit HMAC). Idempotent: a version that already holds demo
 * comments gets nothing more. The answers are not published (that follows the period's close).
 */
import type { AnswerKind, CommentItemKind } from '../domain/plan/consultation.js';
import type { Store } from '../store/database.js';
import { answerComment, insertComment, versionCubeJson, versionHead } from '../store/repos/consultation.js';
import { cubeFromJson } from '../store/cube-json.js';

export const DEMO_COMMENT_CLIENT = 'demo';
const ACTOR = 'landplan serve (演示数据)';

interface DemoComment {
  readonly item: { kind: CommentItemKind; key: string | null };
  readonly name: string;
  readonly body: string;
  readonly answer?: { kind: AnswerKind; reason: string };
}

export interface DemoConsultationOptions {
  readonly versionId: number;
  /** Who answers (the audit log names it); default the demo's actor. */
  readonly actor?: string;
  /** Answer three of the comments (default true). */
  readonly answer?: boolean;
}

/** Adds the demo comments; returns their ids (empty when the version already has them). */
export async function addDemoConsultation(store: Store, o: DemoConsultationOptions): Promise<{ commentIds: number[]; answered: number }> {
  const head = await versionHead(store.db, o.versionId);
  if (!head) throw new Error(`plan version ${o.versionId} does not exist`);
  const already = await store.db.selectFrom('consultation_comment').select('id').where('plan_version_id', '=', o.versionId).where('client_hash', '=', DEMO_COMMENT_CLIENT).executeTakeFirst();
  if (already) return { commentIds: [], answered: 0 };

  const cubeJson = await versionCubeJson(store.db, o.versionId);
  const cube = cubeJson ? cubeFromJson(JSON.parse(cubeJson)) : undefined;
  const hasResidential = !!cube && (cube.rows.some((r) => r.category === 'residential') || cube.cells.some((c) => c.key.category === 'residential'));
  const district = cube?.districts[0];
  const parcel = await store.db.selectFrom('parcel').select(['id', 'parcel_number']).where('jurisdiction_code', '=', head.jurisdictionCode).orderBy('id').limit(1).executeTakeFirst();

  const comments: DemoComment[] = [
    {
      item: { kind: 'plan', key: null },
      name: '王先生（演示）',
      body: '【演示数据】建议在计划文本中写明各季度的供应安排，并在门户网站按季度公开实际供应情况，方便群众监督。',
      answer: { kind: 'adopted', reason: '【演示数据】采纳。计划文本增加分季度供应安排，实施情况按季度在门户网站公开。' },
    },
  ];
  if (hasResidential) {
    comments.push({
      item: { kind: 'category', key: 'residential' },
      name: '李女士（演示）',
      body: '【演示数据】住宅用地指标偏少，城北片区新建学校周边缺少住宅，建议增加住宅用地并优先安排保障性住房。',
      answer: { kind: 'partly', reason: '【演示数据】部分采纳。保障性住房用地优先安排；住宅用地总量需与近五年实际供应和去化周期相衔接，不作大幅增加。' },
    });
  }
  if (district) {
    comments.push({
      item: { kind: 'district', key: district.id },
      name: '赵先生（演示）',
      body: `【演示数据】${district.name}道路和排水设施尚未配套，建议先安排基础设施用地，再安排经营性用地供应。`,
      answer: { kind: 'rejected', reason: '【演示数据】不采纳。该片区基础设施用地已列入本年度计划，经营性用地按净地要求在配套完成后供应，两者不冲突。' },
    });
  }
  if (parcel) {
    comments.push({
      item: { kind: 'parcel', key: String(parcel.id) },
      name: '居民代表（演示）',
      body: `【演示数据】宗地 ${parcel.parcel_number ?? parcel.id} 紧邻居民区，建议明确用途后再供应，并公开规划条件。`,
    });
  }

  const commentIds: number[] = [];
  let answered = 0;
  for (const c of comments) {
    const r = await insertComment(store, { versionId: o.versionId, item: c.item, name: c.name, body: c.body, clientHash: DEMO_COMMENT_CLIENT }, { perDay: Number.MAX_SAFE_INTEGER, dayStart: '' });
    if (!r.ok) continue;
    commentIds.push(r.id);
    if (c.answer && o.answer !== false) {
      await answerComment(store, r.id, c.answer.kind, c.answer.reason, o.actor ?? ACTOR);
      answered++;
    }
  }
  return { commentIds, answered };
}

/**
 * Use case: record one event of a parcel's path (a step, a payment, a reserve cost, a piece of
 * 净地 evidence, an inspection, a stage of an idle-land case, or a correction). The domain decides
 * (order, roles, fields, money: domain/pipeline/journal.ts) inside the store's transaction, so two
 * clerks recording at once cannot both pass; the event, the parcel's new state and an audit entry
 * are written together.
 *
 *   recordPipelineEvent(store, {parcelId, kind, occurredOn, data, documents, actor, roles})
 *     → {ok: true, event, state} | {ok: false, code, message, field?}
 */
import type { Bilingual } from '../domain/finding.js';
import { decide, project, type PipelineEvent, type PipelineState, type RefusalCode } from '../domain/pipeline/journal.js';
import { documentSchema, EVENT_KINDS, RECORDERS, type EventKind, type PipelineDocument, type PipelineRole } from '../domain/pipeline/steps.js';
import { isIsoDate } from '../domain/rules/dates.js';
import type { Store } from '../store/database.js';
import { appendPipelineEvent } from '../store/pipeline.js';
import { getReserveProject } from '../store/reserve.js';
import { getAttachment } from '../store/attachments.js';
import { getParcel } from '../store/repos/parcels.js';
import { factsSource, pipelineRuleSet, pipelineRules, type PipelineRules } from './pipeline-rules.js';

export interface RecordEventInput {
  readonly parcelId: number;
  readonly kind: string;
  readonly occurredOn: string;
  readonly data: unknown;
  readonly documents?: readonly unknown[];
  readonly actor: string;
  /** The recorder's roles; the event records the first that may record this kind. */
  readonly roles: readonly PipelineRole[];
  /** The rules to decide with (default: the jurisdiction's rule set for the event's year). */
  readonly rules?: PipelineRules;
}

export type RecordEventOutcome =
  | { readonly ok: true; readonly event: PipelineEvent; readonly state: PipelineState }
  | { readonly ok: false; readonly code: RefusalCode | 'not-found' | 'rule-set'; readonly message: Bilingual; readonly field?: string };

const ROLE_PREFERENCE: readonly PipelineRole[] = ['editor', 'approver', 'admin', 'reviewer', 'viewer'];

function refused(code: Extract<RecordEventOutcome, { ok: false }>['code'], zh: string, en: string, field?: string): RecordEventOutcome {
  return { ok: false, code, message: { zh, en }, ...(field ? { field } : {}) };
}

export async function recordPipelineEvent(store: Store, input: RecordEventInput): Promise<RecordEventOutcome> {
  if (!(EVENT_KINDS as readonly string[]).includes(input.kind)) return refused('data', `未知的事项类型「${input.kind}」`, `unknown event kind "${input.kind}"`, 'kind');
  const kind = input.kind as EventKind;
  if (!isIsoDate(input.occurredOn)) return refused('date', `日期应为 YYYY-MM-DD，实为「${input.occurredOn}」`, `a date is YYYY-MM-DD, got "${input.occurredOn}"`, 'occurredOn');
  const documents: PipelineDocument[] = [];
  for (const [i, d] of (input.documents ?? []).entries()) {
    const parsed = documentSchema.safeParse(d);
    if (!parsed.success) return refused('documents', `第 ${i + 1} 份文件的信息有误：${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`, `document ${i + 1}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}`, `documents.${i}`);
    if (parsed.data.attachment && !(await getAttachment(store.db, parsed.data.attachment))) return refused('documents', `第 ${i + 1} 份文件引用的附件不存在`, `document ${i + 1} cites an attachment that was never uploaded`, `documents.${i}.attachment`);
    documents.push(parsed.data);
  }
  const role = ROLE_PREFERENCE.find((r) => input.roles.includes(r) && RECORDERS[kind].includes(r)) ?? input.roles[0] ?? 'viewer';
  const parcel = await getParcel(store.db, input.parcelId);
  if (!parcel) return refused('not-found', `没有编号为 ${input.parcelId} 的宗地`, `no parcel ${input.parcelId}`, 'parcelId');
  if (kind === 'reserveAdmission') {
    const projectId = (input.data as { projectId?: unknown } | null)?.projectId;
    const project = typeof projectId === 'number' ? await getReserveProject(store.db, projectId) : undefined;
    if (!project || project.jurisdictionCode !== parcel.jurisdictionCode) return refused('data', '储备项目不存在或不属于该宗地所在行政区', 'no such reserve project in the parcel’s jurisdiction', 'data.projectId');
  }
  const rules = input.rules ?? pipelineRules(await pipelineRuleSet(store.db, parcel.jurisdictionCode, Number(input.occurredOn.slice(0, 4))));
  if (!rules.decide) return refused('rule-set', `规则集 ${rules.ruleSet.id} 未配置闲置土地与延期参数（${rules.deadlines.missing.join('、')}）`, `rule set ${rules.ruleSet.id} lacks ${rules.deadlines.missing.join(', ')}`);
  const decideParams = rules.decide;
  // The deadline facts stored with the state follow the rules of the current year, the year
  // supervision is usually asked about (supervision recomputes them under any other rules).
  const year = Number(store.now().slice(0, 4));
  const factsRules = !input.rules && year !== Number(input.occurredOn.slice(0, 4)) ? pipelineRules(await pipelineRuleSet(store.db, parcel.jurisdictionCode, year)) : rules;
  const r = await appendPipelineEvent(store, { parcelId: input.parcelId, kind, occurredOn: input.occurredOn, role, actor: input.actor, documents }, (journal) => {
    const state = project(journal);
    const d = decide(state, { kind, occurredOn: input.occurredOn, role, data: input.data, documents }, decideParams, journal);
    if (!d.ok) return { ok: false, refusal: d };
    return {
      ok: true,
      data: d.data,
      ...(kind === 'reversal' ? { reversesId: Number(d.data['reverses']) } : {}),
      stateWith: (event) => project([...journal, event]),
    };
  }, factsSource(factsRules));
  if (!r.ok) return { ok: false, code: r.refusal.code, message: r.refusal.message, ...(r.refusal.field ? { field: r.refusal.field } : {}) };
  return r;
}

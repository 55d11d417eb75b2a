/**
 * Use case: public consultation of a plan version (issue 9 §3; docs/plan-life.md). The public
 * posts comments without an account while the version is in `consultation` and today (China
 * date) is within its period; the bureau hides (with a reason, never deletes), answers
 * (采纳 / 部分采纳 / 不采纳) and, after the period, publishes the answers together.
 *
 * A client is a keyed hash (HMAC-SHA256) of its address — the address is never stored; the key is
 * the register's own (store/repos/consultation `commentClientKey`). Limits per client: `perMinute`
 * kept in memory (a restart forgets at most a minute), `perDay` counted from the table inside the
 * inserting transaction (a restart or a second process does not reset it).
 */
import { createHmac } from 'node:crypto';
import { chinaDate, chinaDayStart } from '../domain/calendar/cst.js';
import {
  ANSWER_NAMES,
  clientAddressKey,
  commentBodyProblem,
  commentRefusal,
  COMMENT_NAME_MAX,
  DEFAULT_COMMENT_LIMITS,
  publishAnswersRefusal,
  rateVerdict,
  secondsToChinaMidnight,
  type AnswerKind,
  type CommentItemKind,
  type RateLimits,
} from '../domain/plan/consultation.js';
import { PUBLIC_STATES } from '../domain/plan/lifecycle.js';
import { unsafeTextMessage } from '../domain/text.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { cubeFromJson } from '../store/cube-json.js';
import {
  answerComment,
  commentClientKey,
  countComments,
  getComment,
  hideComment,
  insertComment,
  listComments,
  markAnswersPublished,
  parcelInJurisdiction,
  versionCubeJson,
  versionHead,
  type ConsultationComment,
  type VersionHead,
} from '../store/repos/consultation.js';
import { consultationWindow } from '../store/repos/plan-transitions.js';

export { ANSWER_NAMES };

/** A refusal the route turns into its HTTP status. */
export interface Refusal {
  readonly ok: false;
  readonly status: 404 | 409 | 429;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly retryAfterSeconds?: number;
}

export interface CommentInput {
  readonly item: { readonly kind: CommentItemKind; readonly key?: string | null };
  readonly body: string;
  readonly name?: string | null;
}

export interface CommentDeskOptions {
  readonly limits?: RateLimits;
  /** Epoch milliseconds for the per-minute window (tests); default Date.now. */
  readonly clock?: () => number;
}

interface CubeItems {
  readonly categories: ReadonlySet<string>;
  readonly districts: ReadonlySet<string>;
}

const notFound: Refusal = { ok: false, status: 404, code: 'not-found', zh: '未找到该计划版本', en: 'no such plan version' };

/** Whether the public may see a version's comments: it is public, or it was put out for consultation. */
async function publicVersion(store: Store, versionId: number): Promise<{ head: VersionHead; window: { from: string; until: string } | undefined } | undefined> {
  const head = await versionHead(store.db, versionId);
  if (!head) return undefined;
  const window = await consultationWindow(store.db, versionId);
  if (!window && !(PUBLIC_STATES as readonly string[]).includes(head.status)) return undefined;
  return { head, window };
}

/** The comment desk of one server: holds the per-minute counts and the caches of immutable cubes. */
export class CommentDesk {
  readonly limits: RateLimits;
  private readonly clock: () => number;
  private key: Promise<Buffer> | undefined;
  private readonly minute = new Map<string, number[]>();
  private readonly items = new Map<number, CubeItems>();
  private sweeps = 0;

  constructor(
    private readonly store: Store,
    o: CommentDeskOptions = {},
  ) {
    this.limits = o.limits ?? DEFAULT_COMMENT_LIMITS;
    this.clock = o.clock ?? Date.now;
  }

  /** The keyed hash that stands for a client address. */
  async clientHash(address: string): Promise<string> {
    this.key ??= commentClientKey(this.store);
    return createHmac('sha256', await this.key).update(clientAddressKey(address)).digest('hex');
  }

  /** Posts a comment: 201 `{ id }`, or why not (404 / 409 / 429; bad input throws InputError → 400). */
  async post(versionId: number, input: CommentInput, address: string): Promise<{ ok: true; id: number } | Refusal> {
    const bodyProblem = commentBodyProblem(input.body);
    if (bodyProblem) throw new InputError('body', bodyProblem.zh, bodyProblem.en);
    const name = input.name === undefined || input.name === null || input.name.trim() === '' ? null : input.name;
    if (name !== null) {
      if (name.length > COMMENT_NAME_MAX) throw new InputError('name', `署名超过 ${COMMENT_NAME_MAX} 个字符`, `the name is longer than ${COMMENT_NAME_MAX} characters`);
      const m = unsafeTextMessage(name);
      if (m) throw new InputError('name', m.zh, m.en);
    }
    // The per-minute limit first: a client over it costs no database read. The slot is reserved
    // before the first await, so concurrent posts see it; a post refused later still used it.
    const hash = await this.clientHash(address);
    const now = this.clock();
    const recent = (this.minute.get(hash) ?? []).filter((t) => t > now - 60_000);
    const nowIso = this.store.now();
    const verdict = rateVerdict({ lastMinute: recent.length, today: 0, oldestInMinuteMs: recent[0] }, this.limits, now, secondsToChinaMidnight(Date.parse(nowIso)));
    if (!verdict.ok) {
      this.minute.set(hash, recent);
      return { ok: false, status: 429, code: 'rate-limited', zh: verdict.zh, en: verdict.en, retryAfterSeconds: verdict.retryAfterSeconds };
    }
    recent.push(now);
    this.minute.set(hash, recent);
    this.sweep(now);

    const v = await publicVersion(this.store, versionId);
    if (!v) return notFound;
    const today = chinaDate(nowIso);
    const refusal = commentRefusal(v.head.status, v.window, today);
    if (refusal) return { ok: false, status: 409, ...refusal };
    const item = await this.checkItem(v.head, input.item);
    const r = await insertComment(this.store, { versionId, item, name, body: input.body, clientHash: hash }, { perDay: this.limits.perDay, dayStart: chinaDayStart(chinaDate(nowIso)) });
    if (!r.ok) {
      const d = rateVerdict({ lastMinute: 0, today: r.today }, this.limits, now, secondsToChinaMidnight(Date.parse(nowIso)));
      return { ok: false, status: 429, code: 'rate-limited', zh: d.ok ? '' : d.zh, en: d.ok ? '' : d.en, retryAfterSeconds: d.ok ? 60 : d.retryAfterSeconds };
    }
    return { ok: true, id: r.id };
  }

  /** The item must exist: a category row or a district of the version's cube, a parcel of its jurisdiction. */
  private async checkItem(head: VersionHead, item: CommentInput['item']): Promise<{ kind: CommentItemKind; key: string | null }> {
    const key = item.key ?? null;
    if (item.kind === 'plan') {
      if (key !== null && key !== '') throw new InputError('item.key', '针对整个计划的意见不带对象编号', 'a comment on the whole plan has no item key');
      return { kind: 'plan', key: null };
    }
    if (key === null || key === '') throw new InputError('item.key', '缺少意见对象的编号', 'the item key is missing');
    if (item.kind === 'parcel') {
      if (!/^[1-9]\d{0,15}$/.test(key) || !(await parcelInJurisdiction(this.store.db, Number(key), head.jurisdictionCode))) {
        throw new InputError('item.key', `本辖区没有编号为 ${key} 的宗地`, `no parcel ${key} in this jurisdiction`);
      }
      return { kind: 'parcel', key };
    }
    const items = await this.cubeItems(head.id);
    if (item.kind === 'category' && !items.categories.has(key)) throw new InputError('item.key', `计划中没有用地类别 ${key}`, `the plan has no category row ${key}`);
    if (item.kind === 'district' && !items.districts.has(key)) throw new InputError('item.key', `计划中没有片区 ${key}`, `the plan has no district ${key}`);
    return { kind: item.kind, key };
  }

  private async cubeItems(versionId: number): Promise<CubeItems> {
    const have = this.items.get(versionId);
    if (have) return have;
    const json = await versionCubeJson(this.store.db, versionId);
    const cube = json ? cubeFromJson(JSON.parse(json)) : undefined;
    const items: CubeItems = {
      categories: new Set([...(cube?.rows.map((r) => r.category) ?? []), ...(cube?.cells.flatMap((c) => (c.key.category ? [c.key.category] : [])) ?? [])]),
      districts: new Set([...(cube?.districts.map((d) => d.id) ?? []), ...(cube?.cells.flatMap((c) => (c.key.district ? [c.key.district] : [])) ?? [])]),
    };
    // A version's cube never changes; bound the cache all the same.
    if (this.items.size > 1000) this.items.clear();
    this.items.set(versionId, items);
    return items;
  }

  /** Forgets clients idle for a minute (every 1000 posts), so the map stays bounded. */
  private sweep(now: number): void {
    if (++this.sweeps % 1000 !== 0) return;
    for (const [k, ts] of this.minute) if ((ts.at(-1) ?? 0) <= now - 60_000) this.minute.delete(k);
  }
}

export interface PublicComment {
  readonly id: number;
  readonly item: { readonly kind: CommentItemKind; readonly key: string | null };
  readonly createdAt: string;
  /** Null when hidden: a hidden comment shows only that it was hidden, and why. */
  readonly name: string | null;
  readonly body: string | null;
  readonly hidden: { readonly reason: string } | null;
  readonly answer: { readonly kind: AnswerKind; readonly kindName: { zh: string; en: string }; readonly reason: string; readonly at: string } | null;
}

export interface PublicComments {
  readonly versionId: number;
  readonly state: string;
  readonly consultation: { readonly from: string; readonly until: string } | null;
  /** Whether comments are taken today. */
  readonly open: boolean;
  readonly answersPublishedAt: string | null;
  /** Comments on the version, hidden ones included. */
  readonly total: number;
  readonly comments: readonly PublicComment[];
  /** Pass as `after` for the next page; null on the last. */
  readonly nextAfter: number | null;
}

/** Public pages hold at most this many comments (`?limit=` up to it; default 100). */
export const COMMENT_PAGE_MAX = 500;
export const COMMENT_PAGE_DEFAULT = 100;

/**
 * What the public sees of a version's comments: every comment in order; a hidden one as "hidden:
 * reason" without its name or text; the answers only once the version's answers are published.
 */
export async function publicComments(store: Store, versionId: number, page: { after?: number; limit?: number } = {}): Promise<PublicComments | undefined> {
  const v = await publicVersion(store, versionId);
  if (!v) return undefined;
  const published = v.head.answersPublishedAt !== null;
  const today = chinaDate(store.now());
  const limit = Math.min(page.limit ?? COMMENT_PAGE_DEFAULT, COMMENT_PAGE_MAX);
  const list = await listComments(store.db, versionId, { includeHidden: true, limit: limit + 1, ...(page.after !== undefined ? { afterId: page.after } : {}) });
  const more = list.length > limit;
  const shown = more ? list.slice(0, limit) : list;
  return {
    versionId,
    state: v.head.status,
    consultation: v.window ?? null,
    open: commentRefusal(v.head.status, v.window, today) === undefined,
    answersPublishedAt: v.head.answersPublishedAt,
    total: await countComments(store.db, versionId),
    nextAfter: more ? shown.at(-1)!.id : null,
    comments: shown.map((c) => ({
      id: c.id,
      item: c.item,
      createdAt: c.createdAt,
      name: c.hidden ? null : c.name,
      body: c.hidden ? null : c.body,
      hidden: c.hidden ? { reason: c.hidden.reason } : null,
      answer: published && c.answer ? { kind: c.answer.kind, kindName: ANSWER_NAMES[c.answer.kind], reason: c.answer.reason, at: c.answer.at } : null,
    })),
  };
}

/** Staff: every comment with its hiding and latest answer. */
export async function staffComments(store: Store, versionId: number): Promise<ConsultationComment[]> {
  return listComments(store.db, versionId, { includeHidden: true });
}

const reasonProblem = (field: string, reason: string): void => {
  if (!reason.trim()) throw new InputError(field, '缺少理由', 'the reason is missing');
};

export async function hide(store: Store, commentId: number, reason: string, actor: string): Promise<ConsultationComment> {
  reasonProblem('reason', reason);
  await hideComment(store, commentId, reason, actor);
  return (await getComment(store.db, commentId))!;
}

/** Answers a comment; refused (409) once the version's answers are published — they stand as published. */
export async function answer(store: Store, commentId: number, kind: AnswerKind, reason: string, actor: string): Promise<ConsultationComment | Refusal> {
  reasonProblem('reason', reason);
  const c = await getComment(store.db, commentId);
  if (!c) return { ok: false, status: 404, code: 'not-found', zh: `意见 ${commentId} 不存在`, en: `comment ${commentId} does not exist` };
  const head = (await versionHead(store.db, c.versionId))!;
  if (head.answersPublishedAt) return { ok: false, status: 409, code: 'answers-published', zh: `答复已于 ${head.answersPublishedAt} 公布，不再修改`, en: `the answers were published at ${head.answersPublishedAt} and stand` };
  await answerComment(store, commentId, kind, reason, actor);
  return (await getComment(store.db, commentId))!;
}

/** Publishes a version's answers together, once its consultation has closed. */
export async function publishAnswers(store: Store, versionId: number, actor: string): Promise<{ ok: true; at: string; comments: number; answered: number } | Refusal> {
  const head = await versionHead(store.db, versionId);
  if (!head) return notFound;
  const window = await consultationWindow(store.db, versionId);
  const why = publishAnswersRefusal(window, chinaDate(store.now()), head.answersPublishedAt);
  if (why) return { ok: false, status: 409, code: 'answers-not-publishable', ...why };
  const r = await markAnswersPublished(store, versionId, actor);
  if (!r.ok) return { ok: false, status: 409, code: 'answers-not-publishable', zh: `答复已于 ${r.at} 公布`, en: `the answers were published at ${r.at}` };
  return r;
}

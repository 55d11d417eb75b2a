/**
 * Public consultation (征求意见) of a plan version, as rules without I/O: what a comment may be
 * about, what its text may hold, when the period is open, how many comments a client may post,
 * and the bureau's answers (采纳 / 部分采纳 / 不采纳).
 *
 * A comment is text a stranger typed on the open internet. It is kept exactly as given — markup
 * (`<script>`, `<img onerror=…>`), zero-width and right-to-left characters included — because it
 * is the record of what the public said, and it is only ever rendered as text (never HTML). What
 * is refused is what cannot be stored faithfully or breaks the files it is exported to: control
 * characters other than tab / line feed / carriage return (PostgreSQL refuses NUL), and lone
 * UTF-16 surrogates (they would be stored as U+FFFD, not as given). The commenter's name is held
 * to the stricter rules of a name (domain/text.ts `safeText`, one line, no invisible characters)
 * because two names that look the same must be the same.
 *
 *   commentBodyProblem('<script>alert(1)</script>')  → undefined (kept as given)
 *   commentBodyProblem('a\u0007b')                    → { zh: '含有控制字符…', en: 'contains a control character…' }
 *   consultationOpen({ from: '2026-02-01', until: '2026-02-28' }, '2026-03-01') → false
 */
import { codePoint } from '../text.js';

export const COMMENT_ITEM_KINDS = ['plan', 'category', 'district', 'parcel'] as const;
export type CommentItemKind = (typeof COMMENT_ITEM_KINDS)[number];

export const ANSWER_KINDS = ['adopted', 'partly', 'rejected'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const ANSWER_NAMES: Record<AnswerKind, { readonly zh: string; readonly en: string }> = {
  adopted: { zh: '采纳', en: 'adopted' },
  partly: { zh: '部分采纳', en: 'partly adopted' },
  rejected: { zh: '不采纳', en: 'not adopted' },
};

/** Body length in UTF-16 code units (as zod and `safeText` count). */
export const COMMENT_BODY_MAX = 2000;
export const COMMENT_NAME_MAX = 40;
/** The reason given when hiding a comment or answering one. */
export const MODERATION_REASON_MAX = 2000;

export interface RateLimits {
  readonly perMinute: number;
  readonly perDay: number;
}
/** Per client (a keyed hash of its address): docs/plan-life.md. */
export const DEFAULT_COMMENT_LIMITS: RateLimits = { perMinute: 5, perDay: 50 };

/** C0 controls except tab / LF / CR, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why a comment body cannot be kept as given; undefined when it can. */
export function commentBodyProblem(body: string): { zh: string; en: string } | undefined {
  if (body.trim().length === 0) return { zh: '意见内容为空', en: 'the comment is empty' };
  if (body.length > COMMENT_BODY_MAX) return { zh: `意见内容超过 ${COMMENT_BODY_MAX} 个字符`, en: `the comment is longer than ${COMMENT_BODY_MAX} characters` };
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = body.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        i++;
        continue;
      }
      return { zh: `含有不成对的代理码元（第 ${i + 1} 个字符）`, en: `contains an unpaired surrogate (at character ${i + 1})` };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { zh: `含有不成对的代理码元（第 ${i + 1} 个字符）`, en: `contains an unpaired surrogate (at character ${i + 1})` };
    const ch = body[i]!;
    if (CONTROL.test(ch)) return { zh: `含有控制字符（${codePoint(ch)}，第 ${i + 1} 个字符）`, en: `contains a control character (${codePoint(ch)} at character ${i + 1})` };
  }
  return undefined;
}

export interface ConsultationWindow {
  /** First day, "YYYY-MM-DD" (China date). */
  readonly from: string;
  /** Last day, inclusive. */
  readonly until: string;
}

export function consultationOpen(w: ConsultationWindow, today: string): boolean {
  return w.from <= today && today <= w.until;
}

/**
 * Why the public may not comment on a version now (state and China date), or undefined when it may.
 * Only a version in `consultation` within its period takes comments.
 */
export function commentRefusal(state: string, window: ConsultationWindow | undefined, today: string): { code: string; zh: string; en: string } | undefined {
  if (state !== 'consultation' || !window) return { code: 'not-in-consultation', zh: '该版本不在征求意见阶段，不接受意见', en: 'this version is not open for public comment' };
  if (today < window.from) return { code: 'consultation-not-open', zh: `征求意见期自 ${window.from} 开始`, en: `the consultation opens on ${window.from}` };
  if (today > window.until) return { code: 'consultation-closed', zh: `征求意见期已于 ${window.until} 截止`, en: `the consultation closed on ${window.until}` };
  return undefined;
}

/** Why the answers may not be published yet, or undefined: only once the period has closed. */
export function publishAnswersRefusal(window: ConsultationWindow | undefined, today: string, alreadyPublishedAt: string | null): { zh: string; en: string } | undefined {
  if (!window) return { zh: '该版本未进行征求意见', en: 'this version was never put out for consultation' };
  if (today <= window.until) return { zh: `征求意见期至 ${window.until}，期满后方可公布答复`, en: `the consultation runs until ${window.until}; the answers are published after it closes` };
  if (alreadyPublishedAt) return { zh: `答复已于 ${alreadyPublishedAt} 公布`, en: `the answers were published at ${alreadyPublishedAt}` };
  return undefined;
}

/**
 * Whether one more comment from a client is allowed, given what it has already posted in the last
 * minute and today; if not, how many seconds until it may retry.
 */
export function rateVerdict(
  counts: { readonly lastMinute: number; readonly today: number; readonly oldestInMinuteMs?: number },
  limits: RateLimits,
  nowMs: number,
  secondsToMidnight: number,
): { ok: true } | { ok: false; retryAfterSeconds: number; zh: string; en: string } {
  if (counts.today >= limits.perDay) {
    return { ok: false, retryAfterSeconds: Math.max(1, secondsToMidnight), zh: `每个客户端每天最多提交 ${limits.perDay} 条意见`, en: `at most ${limits.perDay} comments a day from one client` };
  }
  if (counts.lastMinute >= limits.perMinute) {
    const wait = counts.oldestInMinuteMs === undefined ? 60 : Math.ceil((counts.oldestInMinuteMs + 60_000 - nowMs) / 1000);
    return { ok: false, retryAfterSeconds: Math.min(60, Math.max(1, wait)), zh: `每个客户端每分钟最多提交 ${limits.perMinute} 条意见`, en: `at most ${limits.perMinute} comments a minute from one client` };
  }
  return { ok: true };
}

/** Seconds from an instant to the next China midnight. */
export function secondsToChinaMidnight(nowMs: number): number {
  const cst = nowMs + 8 * 3600_000;
  const next = Math.floor(cst / 86_400_000 + 1) * 86_400_000;
  return Math.ceil((next - cst) / 1000);
}

/**
 * The part of a client address that identifies a client for the rate limits: an IPv4 address as
 * is (an IPv4-mapped IPv6 address too), an IPv6 address by its /64 prefix — one subscriber gets a
 * whole /64 and could otherwise post from a fresh address each time.
 *
 *   clientAddressKey('::ffff:10.0.0.7')           → '10.0.0.7'
 *   clientAddressKey('2001:db8:1:2:a:b:c:d')      → '2001:db8:1:2::/64'
 */
export function clientAddressKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':')) return a;
  const [head, tail] = a.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+(?=.)/, '') || '0'))
    .join(':')}::/64`;
}

/**
 * Structured API errors: `{ error: { code, message, details? } }`, the message in the request's
 * language. Routes throw `ApiError`; the app's error handler renders it (and anything else as a
 * 500 without a stack trace).
 */
import type { Bilingual, Lang } from '../domain/finding.js';
import { z } from 'zod';

export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'invalid-credentials'
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'transition-refused'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

const MESSAGES: Record<ErrorCode, Bilingual & { status: number }> = {
  unauthenticated: { status: 401, zh: '请先登录', en: 'please log in first' },
  forbidden: { status: 403, zh: '当前角色无权执行此操作', en: 'your role may not do this' },
  csrf: { status: 403, zh: '缺少或无效的 CSRF 令牌，请刷新页面后重试', en: 'missing or invalid CSRF token; reload the page and retry' },
  'invalid-credentials': { status: 401, zh: '用户名或密码错误', en: 'wrong user name or password' },
  validation: { status: 400, zh: '请求参数不符合要求', en: 'the request is not valid' },
  'not-found': { status: 404, zh: '未找到所请求的资源', en: 'not found' },
  conflict: { status: 409, zh: '请求与当前数据冲突', en: 'the request conflicts with the current data' },
  'transition-refused': { status: 409, zh: '计划状态不允许此操作', en: 'the plan version’s state does not allow this' },
  'payload-too-large': { status: 413, zh: '请求体过大', en: 'request body too large' },
  'unsupported-media-type': { status: 415, zh: '不支持的内容类型', en: 'unsupported content type' },
  'rate-limited': { status: 429, zh: '请求过于频繁，请稍后再试', en: 'too many requests; try again later' },
  unavailable: { status: 503, zh: '服务暂不可用', en: 'service unavailable' },
  internal: { status: 500, zh: '服务器内部错误，已记录；请向管理员提供请求编号', en: 'internal server error, logged; give the administrator the request id' },
};

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Overrides the generic message for this code. */
    readonly text?: Bilingual,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(text?.en ?? MESSAGES[code].en);
  }

  get status(): number {
    return MESSAGES[this.code].status;
  }
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      /** The id the server logged this request under (also in the `x-request-id` header): quote it when reporting a problem. */
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(code: ErrorCode, lang: Lang, text?: Bilingual, details?: readonly ErrorDetail[], requestId?: string): ErrorBody {
  const m = text ?? MESSAGES[code];
  return { error: { code, message: lang === 'en' ? m.en : m.zh, ...(details && details.length > 0 ? { details: [...details] } : {}), ...(requestId ? { requestId } : {}) } };
}

export function statusOf(code: ErrorCode): number {
  return MESSAGES[code].status;
}

/** zod issues → details in the request's language. */
export function zodDetails(issues: readonly z.core.$ZodIssue[], lang: Lang, where: string): ErrorDetail[] {
  return issues.slice(0, 20).map((i) => {
    const path = [where, ...i.path.map(String)].join('.');
    if (lang === 'en') return { path, message: i.message };
    const zh: Record<string, string> = {
      invalid_type: '类型不正确或缺失',
      too_big: '超出允许的最大值或长度',
      too_small: '低于允许的最小值或长度',
      invalid_format: '格式不正确',
      invalid_value: '取值不在允许范围内',
      unrecognized_keys: '包含不允许的字段',
      invalid_union: '不符合任何允许的形式',
      not_multiple_of: '不是允许的倍数',
      custom: i.message,
    };
    return { path, message: zh[i.code] ?? '取值无效' };
  });
}

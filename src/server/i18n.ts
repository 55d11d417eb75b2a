/**
 * The request's language: `?lang=zh|en` wins, then the first tag of Accept-Language; zh-CN is
 * the default (the app is Chinese-first).
 */
import type { Lang } from '../domain/finding.js';

export function requestLang(query: unknown, acceptLanguage: string | undefined): Lang {
  const q = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  if (q === 'en' || q === 'zh') return q;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/**
 * The browser's only way to the data: same-origin fetch of /api. Writes carry the CSRF token
 * the server issued; errors arrive structured, already in the chosen language.
 */
let csrfToken = '';
let lang: 'zh' | 'en' = 'zh';

export function setCsrf(t: string): void {
  csrfToken = t;
}
export function setApiLang(l: 'zh' | 'en'): void {
  lang = l;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': lang === 'en' ? 'en' : 'zh-CN' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: { path: string; message: string }[]; requestId?: string } } | undefined)?.error;
    // A server failure names the request id it was logged under, for the administrator.
    const id = res.status >= 500 && e?.requestId ? ` [${e.requestId}]` : '';
    throw new ApiFailure(res.status, e?.code ?? 'internal', `${e?.message ?? res.statusText}${id}`, e?.details ?? []);
  }
  return data as T;
}

export const get = <T,>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T,>(path: string, body: unknown): Promise<T> => api<T>('POST', path, body);

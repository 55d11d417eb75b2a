/**
 * A tiny path router over the History API (a few pages do not need a library). The selection
 * the user made — the plan (`?plan=ID`) — is part of the URL and travels with every navigation,
 * so each page acts on the plan the user chose, never on one the app picked.
 */
import { useEffect, useState } from 'react';

/** Query parameters that carry the user's selection from page to page. */
const CARRIED = ['plan'] as const;

function carried(): string {
  const now = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  for (const k of CARRIED) {
    const v = now.get(k);
    if (v) keep.set(k, v);
  }
  const s = keep.toString();
  return s ? `?${s}` : '';
}

export function navigate(path: string): void {
  const target = `${path}${carried()}`;
  if (location.pathname + location.search === target) return;
  history.pushState(null, '', target);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Sets (or with null, removes) a query parameter of the current page. */
export function setQueryParam(name: string, value: string | null): void {
  const q = new URLSearchParams(location.search);
  if (value === null) q.delete(name);
  else q.set(name, value);
  const s = q.toString();
  history.replaceState(null, '', `${location.pathname}${s ? `?${s}` : ''}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function useLocation(): string {
  const [loc, setLoc] = useState(location.pathname + location.search);
  useEffect(() => {
    const on = (): void => setLoc(location.pathname + location.search);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return loc;
}

export function usePath(): string {
  useLocation();
  return location.pathname;
}

export function useQueryParam(name: string): string | null {
  useLocation();
  return new URLSearchParams(location.search).get(name);
}

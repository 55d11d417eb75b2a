import { useCallback, useEffect, useState } from 'react';
import { get } from '../api.js';
import { hasRole, useSession } from '../session.js';
import { rolesFor, type Action } from '../../../src/domain/access.js';

/** Whether the signed-in user's roles hold an action (domain/access.ts; the server still decides scope). */
export function useMay(): (action: Action) => boolean {
  const { user } = useSession();
  return useCallback((action: Action) => hasRole(user, rolesFor(action)), [user]);
}

/** GET `path` (null: nothing yet), again whenever `version` changes; the last answer, error and a reload. */
export function useFetch<T>(path: string | null, version = 0): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    if (path === null) {
      setData(null);
      return;
    }
    let live = true;
    setError(null);
    get<T>(path).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [path, version, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}

/** A list the contract gives bare (`[…]`); tolerates it wrapped in an object under `key`. */
export function asList<T>(data: unknown, key: string): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object' && Array.isArray((data as Record<string, unknown>)[key])) return (data as Record<string, T[]>)[key]!;
  return [];
}

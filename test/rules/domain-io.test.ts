import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOMAIN = fileURLToPath(new URL('../../src/domain/', import.meta.url));
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('domain/ does no I/O', () => {
  it('no module under src/domain imports node built-ins (fs, path, url …)', () => {
    const offenders = files(DOMAIN).filter((f) => /from ['"]node:|require\(['"]node:|from ['"](fs|path|url)['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(DOMAIN.length))).toEqual([]);
  });
  it('reference tables come in as JSON modules from data/, nothing else outside the domain', () => {
    const outside = files(DOMAIN).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => ({ f, spec: m[1]! })))
      .filter(({ f, spec }) => !join(f, '..', spec).startsWith(DOMAIN))
      .filter(({ spec }) => !/\/data\/(classification|rules)\/[a-z0-9-]+\.json$/.test(spec));
    expect(outside).toEqual([]);
  });
});

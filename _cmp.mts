import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
for (const d of ['2026-11-27', '2026-03-15']) {
  const a = JSON.parse(readFileSync(`/tmp/ov-old-${d}.json`, 'utf8'));
  const b = JSON.parse(readFileSync(`/tmp/ov-new-${d}.json`, 'utf8'));
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'items') {
      const key = (i: any) => JSON.stringify([i.rule, -i.days, i.parcelId, i.instalmentNo ?? 0]);
      const canon = (xs: any[]) => xs.map((x) => JSON.stringify(x)).map((s, j) => [key(xs[j]), s]).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : p[1] < q[1] ? -1 : 1));
      const same = a.items.length === b.items.length && a.items.every((x: any, j: number) => key(x) === key(b.items[j]));
      const ca = canon(a.items), cb = canon(b.items);
      const deep = ca.every((x, j) => isDeepStrictEqual(JSON.parse(x[1]), JSON.parse(cb[j]![1])));
      console.log(d, 'items', a.items.length, b.items.length, 'order keys same', same, 'content same', deep);
    } else console.log(d, k, isDeepStrictEqual(a[k], b[k]));
  }
}

/** The plan categories a phrase names, for group labels and binding/indicative statements. */
import { planCategories } from '../../domain/classification/index.js';

let aliasIndex: { id: string; a: string; stem: boolean }[] | undefined;

function aliases(): { id: string; a: string; stem: boolean }[] {
  return (aliasIndex ??= planCategories()
    .filter((c) => !c.parent || c.id === 'publicUtilities')
    .flatMap((c) => [...c.aliases.map((a) => ({ id: c.id, a, stem: false })), { id: c.id, a: c.zh.replace(/用地$/, ''), stem: true }])
    .sort((x, y) => y.a.length - x.a.length));
}

/** First units of the aliases, and per-call stamps of the units a phrase holds. */
let firstUnits: Uint8Array | undefined;
const stamps = new Uint32Array(0x10000);
let stamp = 0;

/** The aliases that can occur in `sentence` (those starting with one of its characters), longest first. */
function candidates(sentence: string): { id: string; a: string; stem: boolean }[] {
  const all = aliases();
  if (!firstUnits) {
    firstUnits = new Uint8Array(0x10000);
    for (const x of all) if (x.a.length >= 2) firstUnits[x.a.charCodeAt(0)] = 1;
  }
  stamp = stamp === 0xffffffff ? 1 : stamp + 1;
  if (stamp === 1) stamps.fill(0);
  let any = false;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (firstUnits[c]) {
      stamps[c] = stamp;
      any = true;
    }
  }
  return any ? all.filter((x) => x.a.length >= 2 && stamps[x.a.charCodeAt(0)] === stamp) : [];
}

/** Categories a phrase names, including bare stems ("商服和工矿仓储用地"). */
export function namedCategories(sentence: string): string[] {
  const found: { id: string; at: number }[] = [];
  const taken: [number, number][] = [];
  for (const { id, a, stem } of candidates(sentence)) {
    let at = sentence.indexOf(a);
    while (at >= 0) {
      const end = at + a.length;
      // A bare stem ("商服") counts only inside a list ("商服和工矿仓储用地"), not in "特殊原因".
      const listed = !stem || /^[和、，,及与等用]/.test(sentence.slice(end, end + 1));
      if (listed && !taken.some(([s, e]) => at < e && end > s)) {
        taken.push([at, end]);
        if (!found.some((f) => f.id === id)) found.push({ id, at });
      }
      at = sentence.indexOf(a, end);
    }
  }
  return found.sort((x, y) => x.at - y.at).map((f) => f.id);
}

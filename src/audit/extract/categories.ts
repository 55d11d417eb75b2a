/** The plan categories a phrase names, for group labels and binding/indicative statements. */
import { planCategories } from '../../domain/classification/index.js';

let aliasIndex: { id: string; a: string; stem: boolean }[] | undefined;

function aliases(): { id: string; a: string; stem: boolean }[] {
  return (aliasIndex ??= planCategories()
    .filter((c) => !c.parent || c.id === 'publicUtilities')
    .flatMap((c) => [...c.aliases.map((a) => ({ id: c.id, a, stem: false })), { id: c.id, a: c.zh.replace(/用地$/, ''), stem: true }])
    .sort((x, y) => y.a.length - x.a.length));
}

/** Categories a phrase names, including bare stems ("商服和工矿仓储用地"). */
export function namedCategories(sentence: string): string[] {
  const found: { id: string; at: number }[] = [];
  const taken: [number, number][] = [];
  for (const { id, a, stem } of aliases()) {
    if (a.length < 2) continue;
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

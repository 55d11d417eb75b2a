/**
 * The audit must read texts it has never seen, so no code may be tuned to the corpus: no figure
 * printed in a corpus text and no place it names may appear anywhere under src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const corpus = join(root, 'test/fixtures/corpus');

/** Places the corpus texts name (cities, districts, provinces), in Chinese and as the file names spell them. */
const PLACES = [
  '郑州', '鄭州', '合肥', '安徽', '北京', '常州', '广州', '成都', '绍兴', '绵阳', '四川',
  '天宁', '钟楼', '新北区', '武进', '金坛', '溧阳', '大兴', '通州', '顺义', '昌平', '上虞', '柯桥', '越城',
  '锦江', '青羊', '金牛', '武侯', '成华', '龙泉驿', '青白江', '新都区', '温江', '双流', '郫都', '新津', '天府新区',
  '高铁新城', '科教城', '中原西路', '新柳路',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Figures printed with an area or share unit: decimals, or integers of four digits or more, not round. */
function corpusFigures(): string[] {
  const out = new Set<string>();
  for (const f of readdirSync(corpus).filter((x) => x.endsWith('.txt'))) {
    const text = readFileSync(join(corpus, f), 'utf8');
    for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(?:万|萬)?(?:公顷|公頃|亩|畝|%)/g)) {
      const v = m[1]!;
      const digits = v.replace(/^0+|\./g, '').length;
      if ((v.includes('.') ? digits >= 3 : digits >= 4) && !/00$/.test(v)) out.add(v);
    }
  }
  return [...out];
}

describe('no corpus figure or place in the code', () => {
  // File names spell places in pinyin ("national" is not one).
  const names = readdirSync(corpus)
    .filter((x) => x.endsWith('.txt'))
    .map((x) => x.replace(/^\d+_|_\d+\.txt$/g, ''))
    .filter((x) => x !== 'national');
  const needles = [...PLACES, ...names, ...corpusFigures()];
  // The Beijing 1954 geodetic datum (北京54) is a coordinate system, not a place of the corpus.
  const sources = filesUnder(join(root, 'src')).map((p) => ({ p, text: readFileSync(p, 'utf8').replace(/\\u[0-9A-Fa-f]{4}/g, '').replace(/北京\s*54|北京\s*1954|Beijing[\s_-]*(19)?54/gi, '') }));

  it('reads figures and places from the corpus (the check is not empty)', () => {
    expect(corpusFigures().length).toBeGreaterThan(80);
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it('finds none of them under src/', () => {
    const hits: string[] = [];
    for (const needle of needles) {
      const isNumber = /^\d/.test(needle);
      const re = isNumber ? new RegExp(`(?<![\\d.])${needle.replace('.', '\\.')}(?![\\d])`) : new RegExp(needle, 'i');
      for (const { p, text } of sources) if (re.test(text)) hits.push(`${needle} in ${p.slice(root.length + 1)}`);
    }
    expect(hits).toEqual([]);
  });
});

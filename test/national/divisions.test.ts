import { describe, expect, it } from 'vitest';
import { descendants, levelOfCode, mergeEditions } from '../../src/domain/jurisdiction/divisions.js';

const e2002 = { edition: '2002-12', units: { '110000': '北京市', '110100': '市辖区', '110101': '东城区', '110103': '崇文区', '340000': '安徽省', '341400': '巢湖地区', '341421': '庐江县', '340100': '合肥市', '340101': '市辖区' } };
const e2011 = { edition: '2011-10', units: { '110000': '北京市', '110100': '市辖区', '110101': '东城区', '340000': '安徽省', '340100': '合肥市', '340124': '庐江县' } };
const e2020 = { edition: '2020-12', units: { '110000': '北京市', '110101': '东城区', '340000': '安徽省', '340100': '合肥市', '340124': '庐江县', '340171': '合肥高新技术产业开发区' } };

describe('GB/T 2260 editions merged', () => {
  const units = mergeEditions([e2020, e2002, e2011]);
  const byCode = new Map(units.map((u) => [u.code, u]));

  it('keeps a retired code with the first edition that no longer lists it, and a new code with the first that does', () => {
    expect(byCode.get('341421')).toEqual({ code: '341421', name: '庐江县', level: 'county', parentCode: '341400', validFrom: null, validTo: '2011-10' });
    expect(byCode.get('341400')).toEqual({ code: '341400', name: '巢湖地区', level: 'prefecture', parentCode: '340000', validFrom: null, validTo: '2011-10' });
    expect(byCode.get('340124')).toEqual({ code: '340124', name: '庐江县', level: 'county', parentCode: '340100', validFrom: '2011-10', validTo: null });
    expect(byCode.get('110103')?.validTo).toBe('2011-10');
    expect(byCode.get('340171')?.validFrom).toBe('2020-12');
  });

  it('hangs a municipality’s districts under the municipality and drops 市辖区 lines', () => {
    expect(byCode.get('110101')?.parentCode).toBe('110000');
    expect(byCode.has('110100')).toBe(false);
    expect(byCode.has('340101')).toBe(false);
  });

  it('lists parents before children', () => {
    const seen = new Set<string>();
    for (const u of units) {
      if (u.parentCode !== null) expect(seen.has(u.parentCode)).toBe(true);
      seen.add(u.code);
    }
    expect(units.map((u) => u.code)).toEqual(['110000', '340000', '340100', '341400', '110101', '110103', '340124', '340171', '341421']);
  });

  it('finds every unit below a province, retired ones included', () => {
    expect(descendants(units, '340000')).toEqual(['340100', '340124', '340171', '341400', '341421']);
    expect(descendants(units, '341421')).toEqual([]);
  });

  it('reads the level from the code', () => {
    expect([levelOfCode('650000'), levelOfCode('653100'), levelOfCode('653130')]).toEqual(['province', 'prefecture', 'county']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionUnits, loadDivisions } from '../../src/services/load-jurisdictions.js';
import type { Store } from '../../src/store/database.js';
import { ancestry, childUnits, getJurisdictionUnit, isWithin, jurisdictionCounts, unitsBelow, upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { BACKENDS, openFresh } from '../store/helpers.js';

describe('the packaged GB/T 2260 hierarchy', () => {
  const units = divisionUnits();
  it('has every current province, prefecture and county-level unit, and 巴楚县 under 喀什地区 under 新疆', () => {
    const current = units.filter((u) => u.validTo === null);
    expect(current.filter((u) => u.level === 'province').length).toBe(34);
    expect(current.filter((u) => u.level === 'prefecture').length).toBe(337);
    expect(current.filter((u) => u.level === 'county').length).toBe(2846);
    expect(units.find((u) => u.code === '653130')).toMatchObject({ name: '巴楚县', parentCode: '653100', validTo: null });
  });
  it('keeps retired codes with the edition that dropped them (巢湖地区, 2011)', () => {
    expect(units.find((u) => u.code === '341400')).toMatchObject({ name: '巢湖市', level: 'prefecture', validTo: '2011-10' });
  });
});

describe.each(BACKENDS)('jurisdictions loaded into $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openFresh(backend));
    // A unit entered by hand before the load takes the edition's values.
    await upsertJurisdiction(store, { code: '650000', name: '新疆', level: 'province', parentCode: null }, 'test');
  });
  afterAll(async () => cleanup());

  it('loads one province on demand, then the rest, and a second load changes nothing', async () => {
    const xj = await loadDivisions(store, { province: '650000', actor: 'test' });
    expect(xj.changed).toBe(1);
    expect((await getJurisdictionUnit(store.db, '650000'))?.name).toBe('新疆维吾尔自治区');
    const all = await loadDivisions(store, { actor: 'test' });
    expect(all.added).toBe(all.units - xj.units);
    expect(await jurisdictionCounts(store.db)).toMatchObject({ province: 34, prefecture: 337, county: 2846 });
    const again = await loadDivisions(store, { actor: 'test' });
    expect([again.added, again.changed, again.unchanged]).toEqual([0, 0, all.units]);
  });

  it('answers “all units below X” and the lineage of a county', async () => {
    const kashgar = await unitsBelow(store.db, '653100');
    expect(kashgar.map((u) => u.code)).toContain('653130');
    expect(kashgar.every((u) => u.level === 'county')).toBe(true);
    const xjCounties = await unitsBelow(store.db, '650000', { level: 'county', includeRetired: false });
    expect(xjCounties.every((u) => u.code.startsWith('65') && u.validTo === null)).toBe(true);
    expect((await ancestry(store.db, '653130')).map((u) => u.code)).toEqual(['653130', '653100', '650000']);
    expect(await isWithin(store.db, '653130', '650000')).toBe(true);
    expect(await isWithin(store.db, '653130', '620000')).toBe(false);
    expect((await childUnits(store.db, '650000')).map((u) => u.code)).toContain('659000');
    const anhui = await unitsBelow(store.db, '340000');
    expect(anhui.find((u) => u.code === '341421')).toMatchObject({ validTo: '2011-10', parentCode: '341400' });
  });
});

/**
 * No catch hides a failure: a plan table whose rule set cannot be loaded says so instead of
 * dropping the housing-share line; a cached idle scan whose refresh fails is served marked stale
 * (when, and why), and the dashboard alerts say so.
 */
import { describe, expect, it } from 'vitest';
import { attachmentTables } from '../../src/services/plan-tables.js';
import { cachedIdleScan } from '../../src/services/dashboard-findings.js';
import { idleAlerts } from '../../src/services/dashboard-alerts.js';
import { createPlan, getPlanVersion, openStore, upsertJurisdiction } from '../../src/services/register.js';
import { workloadCube } from '../../src/services/demo-workload.js';

describe('failures that show', () => {
  it('a version whose rule set cannot be loaded keeps its housing-share line, saying why, and the caller hears it', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
      const v = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(100), ruleSet: { id: 'no-such-rule-set' }, validFrom: '2026-01-01', actor: 'test' });
      const version = (await getPlanVersion(store.db, v.id))!;
      const heard: string[] = [];
      const [, housing] = attachmentTables(version, (m) => heard.push(m));
      expect(housing!.notes!.filter((n) => n.startsWith('三类住房占住房用地比例'))).toEqual([expect.stringContaining('未能计算——本版本的规则集无法加载')]);
      expect(heard).toEqual([expect.stringMatching(/^plan version \d+: rule set could not be loaded, housing share not computed: /)]);
    } finally {
      await store.close();
    }
  });

  it('a failed refresh of the cached idle scan serves the last result marked stale, and the alerts say so', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    await upsertJurisdiction(store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
    const errors: unknown[] = [];
    const scan = cachedIdleScan(0, (e) => errors.push(e));
    const first = await scan(store, '653130', '2026-06-30');
    expect(first.stale).toBeUndefined();
    await store.close(); // every later read fails
    await scan(store, '653130', '2026-06-30'); // starts a refresh that fails
    await new Promise((r) => setTimeout(r, 20));
    const later = await scan(store, '653130', '2026-06-30');
    expect(later.stale?.reason).toMatch(/destroy|closed/i);
    expect(later.scanned).toBe(first.scanned);
    expect(errors.length).toBeGreaterThan(0);
    expect(idleAlerts(later).map((a) => [a.severity, a.message.en.slice(0, 43)])).toEqual([['warning', 'the idle-land scan could not be refreshed (']]);
  });
});

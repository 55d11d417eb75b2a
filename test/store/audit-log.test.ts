import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Area } from '../../src/domain/area.js';
import type { Store } from '../../src/store/database.js';
import { listAudit, verifyAuditChain } from '../../src/store/audit-log.js';
import { postDebit } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube, steppingClock } from './helpers.js';

describe.each(BACKENDS)('audit log on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const o = await openFresh(backend, { clock: steppingClock() });
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store); // seq 1–3
    const v = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'published', actor: 'editor' }); // seq 4, its import path seq 5–8
    for (let i = 0; i < 3; i++) {
      // seq 9–11
      await postDebit(store, { planVersionId: v.id, key: { category: 'residential', district: 'A', method: 'grant' }, area: Area.fromHectares('1'), suppliedOn: '2026-02-01', actor: 'clerk' });
    }
  });
  afterEach(async () => cleanup());

  it('records who, when, what, before and after for every write, chained by hash', async () => {
    const entries = await listAudit(store.db);
    expect(entries.map((e) => `${e.seq} ${e.action} ${e.actor}`)).toEqual([
      '1 jurisdiction.create test',
      '2 jurisdiction.create test',
      '3 jurisdiction.create test',
      '4 plan.create editor',
      '5 plan.transition editor',
      '6 plan.transition editor',
      '7 plan.transition editor',
      '8 plan.transition editor',
      '9 supply.record clerk',
      '10 supply.record clerk',
      '11 supply.record clerk',
    ]);
    expect(entries.slice(4, 8).map((e) => (e.after as { status: string }).status)).toEqual(['review', 'submitted', 'approved', 'published']);
    const e6 = entries[9]!;
    expect(e6.prevHash).toBe(entries[8]!.hash);
    expect(e6.at).toBe('2026-01-01T00:00:05.000Z');
    expect((e6.before as Record<string, string>)['category=residential;district=A']).toBe('10000');
    expect((e6.after as { debited: Record<string, string> }).debited['category=residential;district=A']).toBe('20000');
    expect(await verifyAuditChain(store.db)).toEqual([]);
  });

  it('names an edited entry', async () => {
    await sql`update audit_log set actor = 'mallory' where seq = 9`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toEqual(['audit_log seq 9: edited (supply.record supply_record 1; stored hash does not match its content)']);
  });

  it('names a deleted entry in the middle', async () => {
    await sql`delete from audit_log where seq = 4`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toEqual(['audit_log seq 4: deleted (entry 5 follows 3)']);
  });

  it('names a deleted newest entry', async () => {
    await sql`delete from audit_log where seq = 11`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toEqual(['audit_log seq 11: deleted (the chain head is at 11)']);
  });

  it('db verify catches a record edited together with its balances, and one written outside the register', async () => {
    await sql`update supply_record set area_e4 = area_e4 * 2 where id = 2`.execute(store.db);
    await sql`update indicator set debited_e4 = debited_e4 + 100000000 where indicator_id in ('total', 'category=residential', 'category=residential;district=A', 'method=grant')`.execute(store.db);
    await sql`insert into supply_record (plan_id, plan_version_id, category, method, district, area_e4, supplied_on, recorded_at, recorded_by) values (1, 1, 'transport', 'allocation', 'B', 1, '2026-02-01', '2026-02-01T00:00:00.000Z', 'mallory')`.execute(store.db);
    const r = await verifyStore(store.db);
    expect(r.problems).toContain('supply_record 2: area differs from its audit entry (10000 m²)');
    expect(r.problems).toContain('supply_record 4: no audit entry (written outside the register)');
  });

  it('db verify reports an edited ledger balance and an edited plan version', async () => {
    await sql`update indicator set debited_e4 = debited_e4 - 1 where indicator_id = 'total'`.execute(store.db);
    await sql`update plan_version set cube_json = replace(cube_json, '200000', '300000')`.execute(store.db);
    const r = await verifyStore(store.db);
    expect(r.ok).toBe(false);
    expect(r.problems).toContain('plan 1 (653130 2026) version 1: content edited (hash mismatch)');
    expect(r.problems).toContain('plan 1 (653130 2026) version 1: indicator total debited 299999999 ≠ recomputed 300000000 (0.0001 m²)');
  });
});

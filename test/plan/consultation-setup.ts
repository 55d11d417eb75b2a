/**
 * Test setup only: puts a version into a state directly (a plan_transition row and the status),
 * as the lifecycle service would, so consultation and review can be tested on their own.
 */
import type { Store } from '../../src/store/database.js';

export async function setVersionState(store: Store, versionId: number, to: string, o: { from?: string; until?: string } = {}): Promise<void> {
  await store.write(async (tx) => {
    const v = await tx.selectFrom('plan_version').select('status').where('id', '=', versionId).executeTakeFirstOrThrow();
    await tx
      .insertInto('plan_transition')
      .values({ plan_version_id: versionId, from_state: v.status, to_state: to, actor: 'test', role: 'editor', on_date: o.from ?? null, until: o.until ?? null, doc_number: null, reason: null, recorded_at: store.now() })
      .execute();
    await tx.updateTable('plan_version').set({ status: to }).where('id', '=', versionId).execute();
  });
}

/** A clock the test moves: `clock.set('2026-02-10T02:00:00Z')`; each read advances 1 ms. */
export function movableClock(start: string): { (): Date; set(iso: string): void } {
  let t = Date.parse(start);
  const f = (() => new Date(t++)) as { (): Date; set(iso: string): void };
  f.set = (iso: string) => void (t = Date.parse(iso));
  return f;
}

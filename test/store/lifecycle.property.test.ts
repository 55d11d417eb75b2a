/**
 * The plan's life as a state machine, by property: random sequences of moves, edits, revisions,
 * adjustments, decisions, joint reviews, supplies and the passing of days, by random roles, never
 * reach an illegal state, never debit a version that is not in force, give every accepted move
 * exactly one journal row and one audit entry (a refused one neither), and leave a register that
 * `db verify` passes; on SQLite and PostgreSQL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { nextStates, PLAN_STATES, TRANSITIONS, type PlanState } from '../../src/domain/plan/lifecycle.js';
import { chinaDate } from '../../src/domain/calendar/cst.js';
import type { Store } from '../../src/store/database.js';
import { InputError, RefusedError } from '../../src/store/errors.js';
import { postDebit } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { createUser } from '../../src/store/repos/users.js';
import { verifyStore } from '../../src/store/verify.js';
import { adjust, editDraftCube, recordDecision, revise, transition } from '../../src/services/plan-lifecycle.js';
import { requestReviews, review, reviews } from '../../src/services/joint-review.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube } from './helpers.js';
import { APPROVER, EDITOR, lifecycleUsers } from './lifecycle-helpers.js';

const ACTORS = [EDITOR, APPROVER, 'lc-reviewer', 'lc-viewer'] as const;
const TARGET_STATES = PLAN_STATES.filter((s) => s !== 'drafting' && s !== 'adjusting');

type Op =
  | { k: 'move'; pick: number; to: (typeof PLAN_STATES)[number]; next: number | null; who: number; fields: boolean; days: number }
  | { k: 'revise' | 'adjust' | 'decide' | 'review'; pick: number; who: number }
  | { k: 'edit'; pick: number; who: number; cell: number; percent: number }
  | { k: 'supply'; pick: number; cell: number; hundredths: number }
  | { k: 'wait'; days: number };

/** An actor: one of the four, or (-1, half the time) the one whose role the move needs. */
const who = fc.oneof(fc.nat({ max: ACTORS.length - 1 }), fc.constant(-1));
const actorFor = (w: number, to: string): string => (w >= 0 ? ACTORS[w]! : to === 'approved' || to === 'published' ? APPROVER : EDITOR);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Mostly a move the state machine lists from the version's state (`next`), sometimes any state at all.
  {
    weight: 10,
    arbitrary: fc.record({
      k: fc.constant('move' as const),
      pick: fc.nat(),
      to: fc.constantFrom(...TARGET_STATES),
      next: fc.option(fc.nat(), { freq: 4, nil: null }),
      who,
      fields: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      days: fc.integer({ min: 0, max: 20 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ k: fc.constantFrom('revise' as const, 'adjust' as const, 'decide' as const, 'review' as const), pick: fc.nat(), who }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat(), who, cell: fc.nat(), percent: fc.integer({ min: 50, max: 150 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('supply' as const), pick: fc.nat(), cell: fc.nat(), hundredths: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 30 }) }) },
);

const RUNS = Number(process.env.LANDPLAN_LIFECYCLE_PROPERTY_RUNS ?? 10);
const LEGAL = new Set(TRANSITIONS.map((t) => `${t.from}>${t.to}`));
const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)('the plan’s life by property on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let t = Date.parse('2026-01-05T02:00:00.000Z');
  let year = 2026; // plans of this year and later: closing waits for the year end

  beforeAll(async () => {
    const o = await openFresh(backend, { clock: () => new Date(t++) });
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
    await lifecycleUsers(store);
    await createUser(store, { username: 'lc-reviewer', displayName: '联审部门', roles: [{ role: 'reviewer', jurisdictionCode: null }] }, 'test');
    await createUser(store, { username: 'lc-viewer', displayName: '查询', roles: [{ role: 'viewer', jurisdictionCode: null }] }, 'test');
  });
  afterAll(async () => cleanup());

  const counts = async (planId: number) => {
    const rows = await store.db.selectFrom('plan_transition as t').innerJoin('plan_version as v', 'v.id', 't.plan_version_id').select(['t.plan_version_id', 't.from_state', 't.to_state']).where('v.plan_id', '=', planId).orderBy('t.id').execute();
    const audits = await store.db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'plan.transition').execute();
    return { rows, audits: audits.length };
  };

  it('never reaches an illegal state, debits only the version in force, journals and audits every accepted move once, verifies', async () => {
    await fc.assert(
      // Half the runs start from a draft, half from a plan imported published (supplies, adjustments).
      fc.asyncProperty(fc.boolean(), fc.array(opArb, { minLength: 5, maxLength: 60 }), async (published, ops) => {
        const cube = smallCube();
        const first = await createPlan(store, { jurisdictionCode: '653130', year: year++, cube, validFrom: '2026-01-01', actor: EDITOR, role: 'editor', status: published ? 'published' : 'drafting' });
        const planId = first.planId;
        for (const op of ops) {
          const versions = await store.db.selectFrom('plan_version').select(['id', 'seq', 'status']).where('plan_id', '=', planId).orderBy('seq').execute();
          // Mostly the newest version (where the work is), sometimes any.
          const target = versions['pick' in op ? (op.pick % 3 === 0 ? op.pick % versions.length : versions.length - 1) : 0]!;
          const vid = Number(target.id);
          const inForce = versions.filter((v) => v.status === 'approved' || v.status === 'published').pop();
          const before = await counts(planId);
          const today = chinaDate(store.now());
          let accepted = true;
          let to: string = op.k === 'move' ? op.to : '';
          try {
            switch (op.k) {
              case 'move':
                to = op.next === null ? op.to : (nextStates(target.status as PlanState)[op.next % Math.max(1, nextStates(target.status as PlanState).length)] ?? op.to);
                await transition(store, vid, { to, ...(op.fields ? { date: today, until: addDays(today, op.days), docNumber: '文号〔2026〕1号', reason: '理由' } : {}) }, actorFor(op.who, to));
                break;
              case 'revise':
                await revise(store, vid, '修订', actorFor(op.who, ''));
                break;
              case 'adjust':
                await adjust(store, vid, '调整', actorFor(op.who, ''));
                break;
              case 'decide':
                await recordDecision(store, vid, { date: today, meeting: '常务会议' }, actorFor(op.who, ''));
                break;
              case 'review': {
                await requestReviews(store, vid, ['发改委'], addDays(today, 10), EDITOR).catch(() => undefined);
                for (const q of await reviews(store, vid)) await review(store, q.requestId, { reviewer: actorFor(op.who, ''), decision: 'approve', reason: null });
                accepted = false; // not a move
                break;
              }
              case 'edit': {
                const cells = cube.cells.map((c, i) => ({ key: { ...c.key } as Record<string, string | number>, hectares: (i === op.cell % cube.cells.length ? c.area.hectares.times(op.percent).div(100) : c.area.hectares).toDecimalPlaces(4).toFixed() }));
                await editDraftCube(store, vid, cells, actorFor(op.who, ''));
                accepted = false;
                break;
              }
              case 'supply': {
                const c = cube.cells[op.cell % cube.cells.length]!;
                const r = await postDebit(store, { planVersionId: vid, key: { category: c.key.category!, district: c.key.district!, method: 'allocation' }, area: Area.fromHectares((op.hundredths / 100).toFixed(2)), suppliedOn: '2026-06-01', actor: EDITOR });
                // Never a debit of a version that is not in force.
                if (r.accepted) expect(vid).toBe(Number(inForce?.id));
                if (!inForce || Number(inForce.id) !== vid) expect(r.accepted).toBe(false);
                accepted = false;
                break;
              }
              case 'wait':
                t += op.days * 86_400_000;
                accepted = false;
                break;
            }
          } catch (e) {
            if (!(e instanceof RefusedError) && !(e instanceof InputError)) throw e;
            accepted = false;
          }
          const after = await counts(planId);
          if (op.k === 'move') {
            // An accepted move: exactly one journal row and one audit entry; a refused one: neither.
            expect(after.rows.length - before.rows.length).toBe(accepted ? 1 : 0);
            expect(after.audits - before.audits).toBe(accepted ? 1 : 0);
            if (accepted) expect(after.rows.at(-1)).toMatchObject({ plan_version_id: target.id, from_state: target.status, to_state: to });
          }
          // Every state is a state, every move a legal one, and each status is its journal's last move.
          const now = await store.db.selectFrom('plan_version').select(['id', 'status']).where('plan_id', '=', planId).execute();
          for (const v of now) {
            expect(PLAN_STATES as readonly string[]).toContain(v.status);
            const mine = after.rows.filter((r) => Number(r.plan_version_id) === Number(v.id));
            expect(mine.at(-1)?.to_state).toBe(v.status);
          }
          for (const r of after.rows) if (r.from_state !== null) expect(LEGAL.has(`${r.from_state}>${r.to_state}`), `${r.from_state}>${r.to_state}`).toBe(true);
          // At most one adjustment or revision under way at a time, never two versions in force beyond the latest.
          expect(now.filter((v) => v.status === 'adjusting').length).toBeLessThanOrEqual(1);
        }
        const v = await verifyStore(store.db);
        expect(v.problems).toEqual([]);
      }),
      { numRuns: backend.name === 'postgres' ? Math.ceil(RUNS / 2) : RUNS },
    );
    // Globally: one audit entry per move (creations are audited as plan.create / revise / adjust).
    const moves = await store.db.selectFrom('plan_transition').select((eb) => eb.fn.countAll<number>().as('n')).where('from_state', 'is not', null).executeTakeFirstOrThrow();
    const audits = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'plan.transition').executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(Number(moves.n));
  }, 600_000);
});

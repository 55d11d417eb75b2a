/**
 * Property: for random sequences of steps, payments and payment corrections on a grant, the journal
 * accepts exactly what a plain model accepts (the next step of the path, never back in time; a
 * payment only after the contract and never beyond the price), the paid total never exceeds the
 * price, an instalment never disappears, and supervision lists exactly the overdue and late items
 * the model computes — from the full projected state and from the part of it the register keeps
 * for supervision (pipeline_watch), which reports nothing before its first watched date.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../src/domain/calendar/china.js';
import { Dec } from '../../src/domain/decimal.js';
import { deadlineParams } from '../../src/domain/pipeline/deadlines.js';
import { activeFrom, deadlineFacts, factItems, itemsAsOf, settledFrom, superviseParcel, supervisedFacts, watchFrom, watchState, type DeadlineFacts, type FactItem, type SupervisionItem } from '../../src/domain/pipeline/supervise.js';
import { StoredBytes, storedFacts } from '../../src/services/stored-facts.js';

/** Items in one order whatever order a parcel's facts gave them in. */
const canonical = (items: readonly SupervisionItem[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
import { stateFromJson, stateToJson } from '../../src/store/pipeline-json.js';
import { PATHS, CLEAN_LAND_ITEMS, type StepKind } from '../../src/domain/pipeline/steps.js';
import { addDays, daysBetween } from '../../src/domain/rules/dates.js';
import { ruleSetById } from '../../src/services/rule-sets.js';
import { MemoryJournal, p } from './walk.js';

const GRANT = PATHS.grant;
const params = deadlineParams(ruleSetById('cn-2026')).params;
const calendar = chinaCalendar();
const BASE = '2025-01-06';

type Op =
  | { t: 'step'; pickNext: boolean; kind: StepKind; gap: number; split: number[]; agreedGaps: [number, number, number] }
  | { t: 'pay'; gap: number; amount: number }
  | { t: 'unpay'; pick: number; gap: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('step' as const), pickNext: fc.boolean(), kind: fc.constantFrom(...GRANT), gap: fc.integer({ min: -3, max: 25 }), split: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 3 }), agreedGaps: fc.tuple(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 400 })) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('pay' as const), gap: fc.integer({ min: 0, max: 25 }), amount: fc.integer({ min: 1, max: 700 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unpay' as const), pick: fc.nat(), gap: fc.integer({ min: 0, max: 5 }) }) },
);

const PRICE = new Dec(1000);

interface Model {
  steps: { kind: StepKind; on: string }[];
  payments: { id: number; on: string; amount: Dec; voided: boolean }[];
  contract?: { on: string; instalments: { dueDate: string; amount: Dec }[]; delivery: string; start: string; completion: string };
}

function stepData(kind: StepKind, on: string, op: Extract<Op, { t: 'step' }>): Record<string, unknown> {
  switch (kind) {
    case 'supplyScheme': return { method: '23' };
    case 'collectiveDecision': return { reservePriceWanYuan: '800' };
    case 'announcement': return { announcementNo: 'A1', plannedTradingStart: addDays(on, 20) };
    case 'tradingPeriod': return { form: 'listing', start: on };
    case 'deal': return { priceWanYuan: '1000', winner: 'W' };
    case 'dealPublication': return { publicationNo: 'P1' };
    case 'contract': {
      // Split 1000 into instalments by the generated weights, due 0–400 days after signing.
      const total = op.split.reduce((a, b) => a + b, 0);
      let left = 1000;
      const inst = op.split.map((w, i) => {
        const amount = i === op.split.length - 1 ? left : Math.floor((1000 * w) / total);
        left -= amount;
        return { dueDate: addDays(on, Math.min(400, w)), amountWanYuan: String(amount) };
      }).filter((x) => x.amountWanYuan !== '0');
      const [g1, g2, g3] = op.agreedGaps;
      const delivery = addDays(on, g1);
      return { contractNo: 'C1', supervisionNumber: '6531302025B00000001', assignee: 'W', areaM2: '10000', useCode: '0701', termYears: 70, priceWanYuan: '1000', agreedDelivery: delivery, agreedStart: addDays(delivery, g2), agreedCompletion: addDays(addDays(delivery, g2), g3), instalments: inst.length ? inst : [{ dueDate: on, amountWanYuan: '1000' }] };
    }
    default: return kind === 'acceptance' ? { passed: true } : {};
  }
}

function modelItems(m: Model, asOf: string): string[] {
  const out: string[] = [];
  const on = (k: StepKind) => m.steps.find((s) => s.kind === k)?.on;
  const due = (rule: string, step: StepKind, d: string) => {
    const done = on(step);
    if (done !== undefined) { if (done > d) out.push(`${rule}:late:${d}:${daysBetween(d, done)}`); }
    else if (asOf > d) out.push(`${rule}:overdue:${d}:${daysBetween(d, asOf)}`);
  };
  const deal = on('deal');
  if (deal) {
    due('result-publication', 'dealPublication', calendar.addWorkingDays(deal, 10));
    due('contract-deadline', 'contract', calendar.addWorkingDays(deal, 10));
  }
  const c = m.contract;
  if (c) {
    const pays = m.payments.filter((x) => !x.voided).sort((a, b) => a.on.localeCompare(b.on));
    let cum = new Dec(0);
    for (const [i, inst] of [...c.instalments].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).entries()) {
      cum = cum.plus(inst.amount);
      if (inst.dueDate >= asOf) break;
      let run = new Dec(0);
      let coveredOn: string | undefined;
      let coveredByDue = false;
      for (const x of pays) {
        run = run.plus(x.amount);
        if (run.gte(cum)) { coveredOn = x.on; coveredByDue = x.on <= inst.dueDate; break; }
      }
      if (coveredByDue) continue;
      out.push(coveredOn ? `instalment-due:late:${inst.dueDate}:${daysBetween(inst.dueDate, coveredOn)}:${i + 1}` : `instalment-due:overdue:${inst.dueDate}:${daysBetween(inst.dueDate, asOf)}:${i + 1}`);
    }
    due('delivery-due', 'delivery', c.delivery);
    due('start-due', 'start', c.start);
    due('completion-due', 'completion', c.completion);
  }
  return out.sort();
}

describe('journal against a plain model', () => {
  it('accepts exactly what the model accepts and supervision lists exactly its overdue items', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 200 }), (ops, tail) => {
        const j = new MemoryJournal();
        j.addAll(CLEAN_LAND_ITEMS.map((item) => p('cleanLandEvidence', BASE, { item })));
        const m: Model = { steps: [], payments: [] };
        let date = BASE;
        let seenInstalments: string | undefined;
        for (const op of ops) {
          if (op.t === 'step') {
            const next = GRANT[m.steps.length];
            const kind = op.pickNext && next ? next : op.kind;
            const on = addDays(date, op.gap);
            const last = m.steps[m.steps.length - 1]?.on;
            const expected = kind === next && (last === undefined || on >= last);
            const d = j.add(p(kind, on, stepData(kind, on, op)));
            expect(d.ok, `${kind} on ${on} after ${m.steps.map((s) => s.kind).join(',')}`).toBe(expected);
            if (d.ok) {
              m.steps.push({ kind, on });
              if (kind === 'contract') {
                const c = d.data as { instalments: { dueDate: string; amountWanYuan: string }[]; agreedDelivery: string; agreedStart: string; agreedCompletion: string };
                m.contract = { on, instalments: c.instalments.map((x) => ({ dueDate: x.dueDate, amount: new Dec(x.amountWanYuan) })), delivery: c.agreedDelivery, start: c.agreedStart, completion: c.agreedCompletion };
              }
              if (on > date) date = on;
            }
          } else if (op.t === 'pay') {
            const on = addDays(date, op.gap);
            const paid = m.payments.filter((x) => !x.voided).reduce((a, x) => a.plus(x.amount), new Dec(0));
            const expected = m.contract !== undefined && on >= m.contract.on && paid.plus(op.amount).lte(PRICE);
            const d = j.add(p('payment', on, { amountWanYuan: String(op.amount), receiptNo: `R${m.payments.length}` }));
            expect(d.ok).toBe(expected);
            if (d.ok) { m.payments.push({ id: j.events[j.events.length - 1]!.id, on, amount: new Dec(op.amount), voided: false }); date = on; }
          } else {
            const live = m.payments.filter((x) => !x.voided);
            if (live.length === 0) continue;
            const target = live[op.pick % live.length]!;
            const d = j.add(p('reversal', addDays(date, op.gap), { reverses: target.id, reason: '更正' }));
            expect(d.ok).toBe(true);
            target.voided = true;
          }
          const s = j.state;
          expect(s.paid.lte(PRICE)).toBe(true);
          expect(s.paid.eq(m.payments.filter((x) => !x.voided).reduce((a, x) => a.plus(x.amount), new Dec(0)))).toBe(true);
          const inst = JSON.stringify(s.contract?.instalments.map((i) => [i.dueDate, i.amount.toFixed()]));
          if (seenInstalments !== undefined) expect(inst).toBe(seenInstalments);
          if (s.contract) seenInstalments = inst;
          expect(s.lastStep).toBe(m.steps[m.steps.length - 1]?.kind);
        }
        const asOf = addDays(date, tail);
        const ruled = new Set(['result-publication', 'contract-deadline', 'instalment-due', 'delivery-due', 'start-due', 'completion-due']);
        const got = superviseParcel(1, j.state, { asOf, calendar, params })
          .filter((i) => ruled.has(i.rule))
          .map((i) => `${i.rule}:${i.kind}:${i.dueDate}:${i.days}${i.instalmentNo ? `:${i.instalmentNo}` : ''}`)
          .sort();
        expect(got).toEqual(modelItems(m, asOf));
        // What the register keeps for supervision (pipeline_watch, read back from its JSON) reports
        // the same items, and nothing before its first watched date.
        const kept = stateFromJson(stateToJson(watchState(j.state)));
        for (const at of [asOf, addDays(BASE, tail), addDays(date, -tail)]) {
          const full = superviseParcel(1, j.state, { asOf: at, calendar, params, dueWithinDays: 14 });
          expect(superviseParcel(1, kept, { asOf: at, calendar, params, dueWithinDays: 14 })).toEqual(full);
          const from = watchFrom(j.state);
          if (from === undefined || at < from) expect(full).toEqual([]);
          // The deadline facts as the register stores them (JSON, reminders' facts left out) give
          // supervision's items at any date, without reminders.
          const facts = deadlineFacts(kept, calendar, params);
          const stored = JSON.parse(JSON.stringify(supervisedFacts(facts))) as DeadlineFacts;
          const plain = superviseParcel(1, j.state, { asOf: at, calendar, params });
          expect(itemsAsOf(1, stored, { asOf: at })).toStrictEqual(plain);
          // …and so do they as the register writes them, settled items rendered once (stored-facts).
          expect(canonical(StoredBytes.of(storedFacts(stored)).items(1, at, {}))).toStrictEqual(canonical(plain));
          // A fact gives nothing before it is active (no reminders), and its items do not change
          // after it settles, reminders or not.
          for (const x of facts.facts) {
            for (const d of [addDays(activeFrom(x), -1), addDays(activeFrom(x), -tail - 1), at]) {
              if (d >= activeFrom(x)) continue;
              const none: FactItem[] = [];
              factItems(x, { asOf: d }, (i) => none.push(i));
              expect(none, `${x.t} active from ${activeFrom(x)}, asked ${d}`).toEqual([]);
            }
            const on = settledFrom(x);
            if (on === undefined) continue;
            for (const ctx of [{}, { dueWithinDays: 14 }]) {
              const itemsOn = (d: string) => {
                const out: FactItem[] = [];
                factItems(x, { asOf: d, ...ctx }, (i) => out.push(i));
                return out;
              };
              const settled = itemsOn(on);
              for (const later of [addDays(on, 1), addDays(on, tail + 1), at > on ? at : addDays(on, 400)]) expect(itemsOn(later), `${x.t} settled on ${on}, asked ${later}`).toStrictEqual(settled);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

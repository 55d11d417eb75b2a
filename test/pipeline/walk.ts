/** Test helpers: proposals for a parcel's path and an in-memory journal that applies the domain's decisions. */
import { decide, project, type DecideParams, type PipelineEvent, type Proposal } from '../../src/domain/pipeline/journal.js';
import { CLEAN_LAND_ITEMS, type EventKind, type PipelineRole } from '../../src/domain/pipeline/steps.js';

export const PARAMS: DecideParams = { idleYears: 1, recoveryYears: 2, maxExtensionYears: 1 };
export const doc = (kind: string, number: string, date: string) => ({ kind, number, date });

export function p(kind: EventKind, occurredOn: string, data: Record<string, unknown> = {}, role: PipelineRole = 'editor', documents = [doc('文件', `${kind}-1`, occurredOn)]): Proposal {
  return { kind, occurredOn, role, data, documents };
}

export interface GrantDates {
  scheme: string;
  decision: string;
  announcement: string;
  tradingStart: string;
  tradingEnd: string;
  deal: string;
  publication: string;
  contract: string;
}

export const DATES_2026: GrantDates = { scheme: '2026-03-02', decision: '2026-03-10', announcement: '2026-03-16', tradingStart: '2026-04-07', tradingEnd: '2026-04-20', deal: '2026-04-20', publication: '2026-04-24', contract: '2026-04-30' };

/** 净地 evidence, then a listing grant up to the contract (price 1000 万元, two instalments). */
export function grantToContract(d: GrantDates = DATES_2026, o: { reserve?: string; price?: string; instalments?: { dueDate: string; amountWanYuan: string }[]; agreed?: [string, string, string] } = {}): Proposal[] {
  const price = o.price ?? '1000';
  const [delivery, start, completion] = o.agreed ?? ['2026-06-30', '2026-09-30', '2028-09-30'];
  return [
    ...CLEAN_LAND_ITEMS.map((item) => p('cleanLandEvidence', d.scheme, { item })),
    p('supplyScheme', d.scheme, { method: '23' }),
    p('collectiveDecision', d.decision, { reservePriceWanYuan: o.reserve ?? '800' }),
    p('announcement', d.announcement, { announcementNo: '巴自然资告〔2026〕1号', plannedTradingStart: d.tradingStart }),
    p('tradingPeriod', d.tradingEnd, { form: 'listing', start: d.tradingStart }),
    p('deal', d.deal, { priceWanYuan: price, winner: '巴楚县某置业有限公司' }),
    p('dealPublication', d.publication, { publicationNo: '成交公示〔2026〕1号' }),
    p('contract', d.contract, {
      contractNo: '6531302026B00001', supervisionNumber: '6531302026B00001234', assignee: '巴楚县某置业有限公司', areaM2: '20000', useCode: '0701', termYears: 70, priceWanYuan: price,
      agreedDelivery: delivery, agreedStart: start, agreedCompletion: completion,
      instalments: o.instalments ?? [{ dueDate: '2026-05-29', amountWanYuan: '500' }, { dueDate: '2027-04-30', amountWanYuan: '500' }],
    }),
  ];
}

/** A journal in memory: `add` decides and appends, like the store does. */
export class MemoryJournal {
  readonly events: PipelineEvent[] = [];
  private nextId = 1;
  constructor(readonly parcelId = 1, readonly params: DecideParams = PARAMS) {}

  get state() {
    return project(this.events);
  }

  add(pr: Proposal) {
    const d = decide(this.state, pr, this.params, this.events);
    if (d.ok) this.events.push({ id: this.nextId++, parcelId: this.parcelId, seq: this.events.length + 1, kind: pr.kind, occurredOn: pr.occurredOn, recordedAt: '2026-01-01T00:00:00.000Z', recordedBy: 'test', role: pr.role, data: d.data, documents: pr.documents });
    return d;
  }

  addAll(list: readonly Proposal[]) {
    for (const pr of list) {
      const d = this.add(pr);
      if (!d.ok) throw new Error(`${pr.kind} refused: ${d.message.zh}`);
    }
    return this;
  }
}

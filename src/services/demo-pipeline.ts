/**
 * The demo's year of pipeline history for 巴楚县 (all 演示数据, nothing real): two land-reserve
 * projects with their costs and 净地 evidence; for each 2026 demo supply, its path up to the
 * contract (or the 划拨决定书) on the supply's date, with instalments, payments (a few late or
 * missing), hand-overs and starts; a few deals still waiting for a contract; parcels granted in
 * 2023–2024 that never started, as idle-land cases at each stage (none yet, investigated,
 * determined, extended by supplementary agreement, fee, recovery); three approval batches.
 * Every event goes through the same service a clerk uses (journal rules, audit log). Idempotent.
 */
import { Area } from '../domain/area.js';
import { planCategories } from '../domain/classification/index.js';
import { Dec } from '../domain/decimal.js';
import { addMonths } from '../domain/calendar/working-calendar.js';
import { CLEAN_LAND_ITEMS, COST_CATEGORIES, type EventKind } from '../domain/pipeline/steps.js';
import { addDays, addYears } from '../domain/rules/dates.js';
import { planCategoryOfUse } from '../domain/supply.js';
import { createRng } from '../geo/random.js';
import type { Store } from '../store/database.js';
import { createApprovalBatch, createReserveProject } from '../store/reserve.js';
import { pipelineRuleSet, pipelineRules, type PipelineRules } from './pipeline-rules.js';
import { recordPipelineEvent } from './record-pipeline-event.js';

const ACTOR = 'landplan serve (演示数据)';
const JURISDICTION = '653130';
/** The demo's history ends here; nothing after it is recorded. */
export const DEMO_PIPELINE_UNTIL = '2026-11-27';

/** 元/m² for the demo's prices by plan category (invented, plausible for a county in southern Xinjiang). */
const UNIT_PRICE: Record<string, number> = { residential: 780, commercial: 920, industrial: 96, storage: 110, industrialStorage: 96 };

interface DemoParcel {
  id: number;
  number: string;
  area: Area;
  useCode: string;
  method: string | null;
  contractDate: string | null;
  agreedStart: string | null;
}

type Rng = { next(): number };
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

class Recorder {
  events = 0;
  /** The reserve project new reserve parcels join. */
  reserveProjectId = 0;
  refused: string[] = [];
  constructor(
    readonly store: Store,
    readonly rules: PipelineRules,
  ) {}

  async add(parcelId: number, kind: EventKind, on: string, data: Record<string, unknown>, docs: [string, string][] = [], roles: ('editor' | 'approver')[] = ['editor']): Promise<number | undefined> {
    if (on > DEMO_PIPELINE_UNTIL) return undefined;
    const documents = docs.map(([k, n]) => ({ kind: k, number: `${n}（演示）`, date: on, title: '演示数据' }));
    const r = await recordPipelineEvent(this.store, { parcelId, kind, occurredOn: on, data, documents, actor: ACTOR, roles, rules: this.rules });
    if (!r.ok) {
      this.refused.push(`${parcelId} ${kind} ${on}: ${r.message.zh}`);
      return undefined;
    }
    this.events++;
    return r.event.id;
  }
}

function wan(v: Dec): string {
  return v.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed();
}

async function demoParcels(store: Store): Promise<DemoParcel[]> {
  const rows = await store.db
    .selectFrom('parcel')
    .select(['id', 'parcel_number', 'area_e4', 'use_code', 'supply_method', 'contract_date', 'agreed_start_date'])
    .where('jurisdiction_code', '=', JURISDICTION)
    .where('parcel_number', 'like', 'BC-%')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.parcel_number ?? String(r.id),
    area: Area.fromSquareMetres(new Dec(String(r.area_e4 ?? 0)).div(10000)),
    useCode: r.use_code ?? '0701',
    method: r.supply_method,
    contractDate: r.contract_date,
    agreedStart: r.agreed_start_date,
  }));
}

/** Costs (30–60% of the reserve price) and the five 净地 items (all, or all but `missing`). */
async function reserveSide(rec: Recorder, rng: Rng, p: DemoParcel, projectId: number, admitted: string, reserve: Dec, missing = 0): Promise<void> {
  await rec.add(p.id, 'reserveAdmission', admitted, { projectId }, [['储备入库批复', `巴储〔${admitted.slice(0, 4)}〕${int(rng, 1, 40)}号`]]);
  const share = new Dec(int(rng, 30, 60)).div(100);
  const parts = [new Dec('0.55'), new Dec('0.2'), new Dec('0.15'), new Dec('0.07'), new Dec('0.03')];
  for (const [i, c] of COST_CATEGORIES.entries()) {
    await rec.add(p.id, 'reserveCost', addDays(admitted, 10 + i * 7), { category: c, amountWanYuan: wan(reserve.times(share).times(parts[i]!)) }, [['支付凭证', `巴储付〔${admitted.slice(0, 4)}〕${int(rng, 100, 999)}号`]]);
  }
  for (const [i, item] of CLEAN_LAND_ITEMS.entries()) {
    if (i >= CLEAN_LAND_ITEMS.length - missing) break;
    await rec.add(p.id, 'cleanLandEvidence', addDays(admitted, 50 + i * 3), { item }, [[['不动产权证明', '补偿安置协议', '无纠纷说明', '规划条件', '通水通电通路验收'][i]!, `巴净〔${admitted.slice(0, 4)}〕${int(rng, 1, 99)}号`]]);
  }
}

function priceOf(p: DemoParcel): Dec {
  const cat = planCategoryOfUse('lu2023', p.useCode, planCategories()) ?? 'residential';
  const unit = UNIT_PRICE[cat] ?? 300;
  return new Dec(wan(p.area.squareMetres.times(unit).div(10000)));
}

/** A grant from the 供地方案 to the contract signed on `contract`; returns the contract date used, or undefined if it stopped earlier. */
async function grantUpTo(rec: Recorder, rng: Rng, p: DemoParcel, contract: string, o: { stopAfterDeal?: boolean; lateContractDays?: number; latePublication?: boolean; shortAnnouncement?: boolean }): Promise<{ price: Dec; contract?: string }> {
  const price = priceOf(p);
  const reserve = new Dec(wan(price.times(new Dec(int(rng, 80, 95)).div(100))));
  const deal = addDays(contract, -(o.lateContractDays ? 14 + o.lateContractDays : int(rng, 5, 12)));
  const tradingStart = addDays(deal, -int(rng, 17, 22));
  const announcement = addDays(tradingStart, -(o.shortAnnouncement ? 15 : int(rng, 21, 28)));
  const scheme = addDays(announcement, -int(rng, 20, 40));
  const y = scheme.slice(0, 4);
  await reserveSide(rec, rng, p, rec.reserveProjectId, addDays(scheme, -120), reserve);
  await rec.add(p.id, 'supplyScheme', scheme, { method: '23', useCode: p.useCode }, [['供地方案批复', `巴政供〔${y}〕${int(rng, 1, 80)}号`]]);
  await rec.add(p.id, 'collectiveDecision', addDays(scheme, 7), { reservePriceWanYuan: reserve.toFixed(), startingPriceWanYuan: reserve.toFixed(), bidDepositWanYuan: wan(reserve.times('0.3')) }, [['会议纪要', `巴政纪〔${y}〕${int(rng, 1, 60)}号`]], ['approver']);
  await rec.add(p.id, 'announcement', announcement, { announcementNo: `巴自然资告〔${announcement.slice(0, 4)}〕${int(rng, 1, 90)}号`, plannedTradingStart: tradingStart }, [['出让公告', `巴自然资告〔${announcement.slice(0, 4)}〕${int(rng, 1, 90)}号`]]);
  await rec.add(p.id, 'tradingPeriod', deal, { form: 'listing', start: tradingStart });
  const bid = new Dec(wan(price.times(new Dec(int(rng, 100, 112)).div(100))));
  await rec.add(p.id, 'deal', deal, { priceWanYuan: bid.toFixed(), winner: `巴楚县演示${['置业', '实业', '商贸', '建材', '物流'][int(rng, 0, 4)]}有限公司` }, [['成交确认书', `巴成〔${deal.slice(0, 4)}〕${int(rng, 1, 90)}号`]]);
  if (o.stopAfterDeal) return { price: bid };
  const published = addDays(deal, o.latePublication ? 20 : int(rng, 1, 5));
  await rec.add(p.id, 'dealPublication', published < contract ? published : contract, { publicationNo: `巴成公〔${deal.slice(0, 4)}〕${int(rng, 1, 90)}号` }, [['成交公示', `巴成公〔${deal.slice(0, 4)}〕${int(rng, 1, 90)}号`]]);
  const delivery = addDays(contract, int(rng, 20, 60));
  const start = addDays(delivery, int(rng, 60, 150));
  const first = wan(bid.times('0.5'));
  await rec.add(p.id, 'contract', contract, {
    contractNo: `6531302026${String(p.id).padStart(6, '0')}`,
    supervisionNumber: `653130${contract.slice(0, 4)}B${String(p.id).padStart(8, '0')}`,
    assignee: `巴楚县演示有限公司${p.id}`,
    areaM2: p.area.squareMetres.toFixed(2),
    useCode: p.useCode,
    termYears: p.useCode.startsWith('07') ? 70 : p.useCode.startsWith('09') ? 40 : 50,
    priceWanYuan: bid.toFixed(),
    agreedDelivery: delivery,
    agreedStart: start,
    agreedCompletion: addYears(start, 2),
    instalments: [
      { dueDate: addDays(contract, 28), amountWanYuan: first },
      { dueDate: addMonths(contract, 11), amountWanYuan: bid.minus(first).toFixed() },
    ],
  }, [['出让合同', `6531302026${String(p.id).padStart(6, '0')}`]]);
  return { price: bid, contract };
}

export async function loadDemoPipeline(store: Store): Promise<string> {
  const done = await store.db.selectFrom('reserve_project').select('id').where('jurisdiction_code', '=', JURISDICTION).where('code', '=', 'BCCB-2025-01').executeTakeFirst();
  if (done) return '演示流程数据已存在 / demo pipeline already loaded';
  const rules = pipelineRules(await pipelineRuleSet(store.db, JURISDICTION, 2026));
  const rec = new Recorder(store, rules);
  const rng = createRng(2026);
  const north = await createReserveProject(store, { jurisdictionCode: JURISDICTION, code: 'BCCB-2025-01', name: '巴楚县城北片区土地储备项目（演示）', approvalRef: '巴政储〔2025〕3号（演示）', actor: ACTOR });
  const park = await createReserveProject(store, { jurisdictionCode: JURISDICTION, code: 'BCCB-2025-02', name: '巴楚县工业园区土地储备项目（演示）', approvalRef: '巴政储〔2025〕7号（演示）', actor: ACTOR });
  const parcels = await demoParcels(store);
  const supplied = parcels.filter((p) => p.contractDate && p.contractDate >= '2026-01-01').sort((a, b) => a.contractDate!.localeCompare(b.contractDate!));
  const idle = parcels.filter((p) => p.contractDate && p.contractDate < '2026-01-01' && p.agreedStart);
  const free = parcels.filter((p) => !p.contractDate && p.useCode !== '1207' && p.useCode !== '1501');

  let n = 0;
  for (const p of supplied) {
    n++;
    rec.reserveProjectId = p.useCode.startsWith('10') || p.useCode.startsWith('11') ? park.id : north.id;
    const contract = p.contractDate!;
    if (p.method === '1') {
      const scheme = addDays(contract, -int(rng, 20, 40));
      await rec.add(p.id, 'supplyScheme', scheme, { method: '1', useCode: p.useCode }, [['供地方案批复', `巴政供〔2026〕${int(rng, 1, 80)}号`]]);
      const delivery = addDays(contract, int(rng, 10, 40));
      const start = addDays(delivery, int(rng, 30, 90));
      await rec.add(p.id, 'allocationDecision', contract, { decisionNo: `巴政划〔2026〕${n}号`, supervisionNumber: `6531302026A${String(p.id).padStart(8, '0')}`, user: `巴楚县演示事业单位${p.id}`, areaM2: p.area.squareMetres.toFixed(2), useCode: p.useCode, agreedDelivery: delivery, agreedStart: start, agreedCompletion: addYears(start, 2) }, [['划拨决定书', `巴政划〔2026〕${n}号`]], ['approver']);
      if (n % 5 !== 0) await rec.add(p.id, 'delivery', addDays(delivery, n % 7 === 0 ? 12 : 0), {}, [['交地确认书', `巴交〔2026〕${n}号`]]);
      if (n % 3 === 0) await rec.add(p.id, 'start', addDays(start, int(rng, -10, 20)), {});
      continue;
    }
    const g = await grantUpTo(rec, rng, p, contract, { lateContractDays: n % 9 === 0 ? int(rng, 3, 10) : 0, latePublication: n % 11 === 0, shortAnnouncement: n % 13 === 0 });
    if (!g.contract) continue;
    // Payments: the first half on time for most, late for some, missing for a few.
    const half = wan(g.price.times('0.5'));
    const firstDue = addDays(contract, 28);
    if (n % 10 === 3) await rec.add(p.id, 'payment', addDays(firstDue, 25), { amountWanYuan: half, receiptNo: `SK${p.id}1` }, [['缴款凭证', `SK${p.id}1`]]);
    else if (n % 10 === 7) await rec.add(p.id, 'payment', addDays(contract, 20), { amountWanYuan: wan(g.price.times('0.2')), receiptNo: `SK${p.id}1` }, [['缴款凭证', `SK${p.id}1`]]);
    else await rec.add(p.id, 'payment', addDays(contract, int(rng, 3, 26)), { amountWanYuan: half, receiptNo: `SK${p.id}1` }, [['缴款凭证', `SK${p.id}1`]]);
    if (n % 4 === 1 && contract < '2026-06-01') await rec.add(p.id, 'payment', addDays(contract, int(rng, 120, 200)), { amountWanYuan: g.price.minus(half).toFixed(), receiptNo: `SK${p.id}2` }, [['缴款凭证', `SK${p.id}2`]]);
    // Hand-over: on time, late, or not yet.
    const journal = await store.db.selectFrom('pipeline_parcel').select('state_json').where('parcel_id', '=', p.id).executeTakeFirst();
    const agreed = journal ? (JSON.parse(journal.state_json) as { agreed: { delivery?: string; start?: string } }).agreed : {};
    if (agreed.delivery && n % 6 !== 5) await rec.add(p.id, 'delivery', addDays(agreed.delivery, n % 8 === 2 ? int(rng, 5, 30) : -int(rng, 0, 5)), {}, [['交地确认书', `巴交〔2026〕${n}号`]]);
    if (agreed.start && n % 3 !== 2) await rec.add(p.id, 'start', addDays(agreed.start, int(rng, -15, 25)), {});
  }

  // Reserve parcels not yet supplied: some ready to list, some still missing evidence, a few announced or dealt.
  for (const [i, p] of free.slice(0, 14).entries()) {
    rec.reserveProjectId = i % 2 ? park.id : north.id;
    const price = priceOf(p);
    const admitted = `2026-0${1 + (i % 6)}-1${i % 9}`;
    if (i < 8) {
      await reserveSide(rec, rng, p, rec.reserveProjectId, admitted, price.times('0.85'), i % 3 === 0 ? 2 : 0);
      continue;
    }
    // Dealt in November: a contract pending, one already overdue.
    const contract = i === 8 ? '2026-11-30' : `2026-12-0${i - 7}`;
    await grantUpTo(rec, rng, p, contract, { stopAfterDeal: true, lateContractDays: i === 8 ? 8 : 0 });
  }

  // Granted in 2023–2024, never started: idle-land cases at each stage.
  for (const [i, p] of idle.entries()) {
    rec.reserveProjectId = north.id;
    const contract = p.contractDate!;
    const g = await grantUpTo(rec, rng, p, contract, {});
    if (!g.contract) continue;
    await rec.add(p.id, 'payment', addDays(contract, 15), { amountWanYuan: g.price.toFixed(), receiptNo: `SK${p.id}` }, [['缴款凭证', `SK${p.id}`]]);
    const st = (await store.db.selectFrom('pipeline_parcel').select('state_json').where('parcel_id', '=', p.id).executeTakeFirstOrThrow()).state_json;
    const agreed = (JSON.parse(st) as { agreed: { delivery: string; start: string } }).agreed;
    await rec.add(p.id, 'delivery', agreed.delivery, {}, [['交地确认书', `巴交〔${agreed.delivery.slice(0, 4)}〕${i + 1}号`]]);
    await rec.add(p.id, 'inspection', addDays(agreed.start, 30), { finding: 'notStarted', note: '现场未见施工迹象（演示）' }, [['巡查记录', `巴巡〔${addDays(agreed.start, 30).slice(0, 4)}〕${i + 1}号`]]);
    const stage = i % 6;
    if (stage === 0) continue;
    const inv = addDays(addYears(agreed.start, 1), 20);
    await rec.add(p.id, 'idleInvestigation', inv, { noticeNo: `巴闲调〔${inv.slice(0, 4)}〕${i + 1}号` }, [['闲置土地调查通知书', `巴闲调〔${inv.slice(0, 4)}〕${i + 1}号`]]);
    if (stage === 1) continue;
    const det = addDays(inv, 30);
    const cause = stage === 3 ? 'government' : 'user';
    await rec.add(p.id, 'idleDetermination', det, { determinationNo: `巴闲认〔${det.slice(0, 4)}〕${i + 1}号`, cause }, [['闲置土地认定书', `巴闲认〔${det.slice(0, 4)}〕${i + 1}号`]], ['approver']);
    if (stage === 2) continue;
    const disp = addDays(det, 20);
    if (stage === 3) {
      await rec.add(p.id, 'supplementaryAgreement', disp, { agreementNo: `巴补〔${disp.slice(0, 4)}〕${i + 1}号`, cause: 'government', agreedStart: addYears(agreed.start, 1) }, [['补充协议', `巴补〔${disp.slice(0, 4)}〕${i + 1}号`]], ['approver']);
      await rec.add(p.id, 'idleDisposal', disp, { measure: 'extension' }, [['处置决定书', `巴闲处〔${disp.slice(0, 4)}〕${i + 1}号`]], ['approver']);
    } else if (stage === 4) {
      await rec.add(p.id, 'idleDisposal', disp, { measure: 'fee' }, [['征缴土地闲置费决定书', `巴闲费〔${disp.slice(0, 4)}〕${i + 1}号`]], ['approver']);
    } else {
      await rec.add(p.id, 'idleDisposal', addYears(agreed.start, 2) > disp ? addDays(addYears(agreed.start, 2), 10) : disp, { measure: 'recovery' }, [['收回国有建设用地使用权决定书', `巴闲收〔${disp.slice(0, 4)}〕${i + 1}号`]], ['approver']);
    }
  }

  // Approval batches (农用地转用): some of their parcels supplied, the rest 批而未供.
  const batchParcels = [...supplied.slice(0, 12), ...free.slice(0, 6)];
  for (let b = 0; b < 3; b++) {
    const members = batchParcels.filter((_, i) => i % 3 === b);
    const area = members.reduce((a, p) => a.plus(p.area), Area.zero);
    await createApprovalBatch(store, { jurisdictionCode: JURISDICTION, batchNo: `新政农转〔2025〕${b + 11}号（演示）`, kind: b === 2 ? 'expropriation' : 'conversion', approvedOn: `2025-0${3 + b * 2}-15`, approvalRef: `新政函〔2025〕${b + 40}号（演示）`, area: Area.fromSquareMetres(area.squareMetres.times('1.1').toDecimalPlaces(2)), parcels: members.map((p) => ({ parcelId: p.id, area: p.area })), actor: ACTOR });
  }
  return `演示流程数据已载入 / demo pipeline loaded: ${rec.events} events on ${supplied.length + Math.min(14, free.length) + idle.length} parcels${rec.refused.length ? `, ${rec.refused.length} refused (${rec.refused.join('; ')})` : ''}`;
}

/** A parcel's journal: order, roles, fields, money and corrections, as the domain decides them. */
import { describe, expect, it } from 'vitest';
import { nextStep } from '../../src/domain/pipeline/journal.js';
import { grantToContract, MemoryJournal, p } from './walk.js';

describe('the grant path', () => {
  it('walks from 净地 evidence to 验收, each step in order', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    j.addAll([p('payment', '2026-05-20', { amountWanYuan: '500', receiptNo: 'R1' }), p('delivery', '2026-06-28'), p('start', '2026-09-20'), p('completion', '2028-08-01'), p('acceptance', '2028-09-01', { passed: true })]);
    const s = j.state;
    expect(s.path).toBe('grant');
    expect(s.lastStep).toBe('acceptance');
    expect(nextStep(s)).toBeUndefined();
    expect(s.paid.toFixed()).toBe('500');
    expect(s.contract?.instalments.map((i) => [i.no, i.dueDate, i.amount.toFixed()])).toEqual([[1, '2026-05-29', '500'], [2, '2027-04-30', '500']]);
  });

  it('refuses a step out of order and names the step expected', () => {
    const j = new MemoryJournal().addAll(grantToContract().slice(0, 6)); // evidence, scheme
    const d = j.add(p('deal', '2026-04-20', { priceWanYuan: '1000', winner: 'x' }));
    expect(d).toMatchObject({ ok: false, code: 'order', message: { zh: '应先记录：集体决策（底价）' } });
    expect(j.add(p('allocationDecision', '2026-04-20', {}, 'editor'))).toMatchObject({ ok: false, code: 'order', message: { zh: '出让流程中没有「划拨决定书」这一步' } });
  });

  it('refuses the announcement until every 净地 item has evidence', () => {
    const j = new MemoryJournal().addAll(grantToContract().slice(1, 7)); // four items only
    const d = j.add(p('announcement', '2026-03-16', { announcementNo: 'A', plannedTradingStart: '2026-04-07' }));
    expect(d).toMatchObject({ ok: false, code: 'checklist', field: 'cleanLand' });
  });

  it('refuses a deal below the 底价 without printing the 底价', () => {
    const j = new MemoryJournal().addAll(grantToContract(undefined, { reserve: '1200' }).slice(0, 9));
    const d = j.add(p('deal', '2026-04-20', { priceWanYuan: '1000', winner: 'x' }));
    expect(d).toMatchObject({ ok: false, code: 'price' });
    expect(JSON.stringify(d)).not.toContain('1200');
  });

  it('refuses a contract whose instalments do not add up to the price', () => {
    const walk = grantToContract(undefined, { instalments: [{ dueDate: '2026-05-29', amountWanYuan: '500' }, { dueDate: '2027-04-30', amountWanYuan: '499.99' }] });
    const j = new MemoryJournal().addAll(walk.slice(0, -1));
    expect(j.add(walk[walk.length - 1]!)).toMatchObject({ ok: false, code: 'price', field: 'data.instalments', message: { zh: '分期价款合计 999.99 万元不等于合同价款 1000 万元' } });
  });

  it('refuses a payment that would take the total above the price', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    j.addAll([p('payment', '2026-05-20', { amountWanYuan: '999.999999', receiptNo: 'R1' })]);
    expect(j.add(p('payment', '2026-05-21', { amountWanYuan: '0.000002', receiptNo: 'R2' }))).toMatchObject({ ok: false, code: 'overpaid' });
    expect(j.add(p('payment', '2026-05-21', { amountWanYuan: '0.000001', receiptNo: 'R2' })).ok).toBe(true);
  });

  it('refuses a step dated before the previous one, a role that may not record it, and missing documents', () => {
    const j = new MemoryJournal().addAll(grantToContract().slice(0, 6));
    expect(j.add(p('collectiveDecision', '2026-03-01', { reservePriceWanYuan: '800' }))).toMatchObject({ ok: false, code: 'date' });
    expect(j.add(p('collectiveDecision', '2026-03-10', { reservePriceWanYuan: '800' }, 'reviewer'))).toMatchObject({ ok: false, code: 'role' });
    expect(j.add(p('collectiveDecision', '2026-03-10', { reservePriceWanYuan: '800' }, 'approver', []))).toMatchObject({ ok: false, code: 'documents' });
    expect(j.add(p('collectiveDecision', '2026-03-10', { reservePriceWanYuan: '800', extra: 1 }))).toMatchObject({ ok: false, code: 'data' });
    expect(j.add(p('collectiveDecision', '2026-03-10', { reservePriceWanYuan: '800' }, 'approver')).ok).toBe(true);
  });
});

describe('corrections are reversing events', () => {
  it('voids the last step so it can be recorded again; an earlier step cannot be voided', () => {
    const j = new MemoryJournal().addAll(grantToContract().slice(0, 8)); // … announcement
    const announcementId = j.events[j.events.length - 1]!.id;
    const schemeId = j.events[5]!.id;
    expect(j.add(p('reversal', '2026-03-17', { reverses: schemeId, reason: '录入错误' }))).toMatchObject({ ok: false, code: 'reversal' });
    expect(j.add(p('reversal', '2026-03-17', { reverses: announcementId, reason: '公告号录入错误' })).ok).toBe(true);
    expect(j.state.lastStep).toBe('collectiveDecision');
    expect(j.add(p('reversal', '2026-03-17', { reverses: announcementId, reason: 'again' }))).toMatchObject({ ok: false, code: 'reversal' });
    expect(j.add(p('announcement', '2026-03-16', { announcementNo: '巴自然资告〔2026〕2号', plannedTradingStart: '2026-04-07' })).ok).toBe(true);
    expect(j.events).toHaveLength(10);
  });

  it('keeps a contract until its payments are voided; a voided payment leaves the instalments', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    const contractId = j.events[j.events.length - 1]!.id;
    j.addAll([p('payment', '2026-05-20', { amountWanYuan: '500', receiptNo: 'R1' })]);
    const payId = j.events[j.events.length - 1]!.id;
    expect(j.add(p('reversal', '2026-05-21', { reverses: contractId, reason: 'x' }))).toMatchObject({ ok: false, code: 'reversal' });
    j.addAll([p('reversal', '2026-05-21', { reverses: payId, reason: '收据号错误' })]);
    expect(j.state.paid.toFixed()).toBe('0');
    expect(j.state.contract?.instalments).toHaveLength(2);
  });
});

describe('the allocation path and extensions', () => {
  it('goes 供地方案 → 划拨决定书 → 交地, and refuses payments (no grant price)', () => {
    const j = new MemoryJournal().addAll([
      p('supplyScheme', '2026-03-02', { method: '1' }),
      p('allocationDecision', '2026-03-20', { decisionNo: '巴政划〔2026〕3号', supervisionNumber: '6531302026A00003000', user: '巴楚县第二中学', areaM2: '30000', useCode: '0803', agreedDelivery: '2026-04-01', agreedStart: '2026-05-01', agreedCompletion: '2027-08-31' }),
    ]);
    expect(nextStep(j.state)).toBe('delivery');
    expect(j.add(p('payment', '2026-03-21', { amountWanYuan: '1', receiptNo: 'R' }))).toMatchObject({ ok: false, code: 'order' });
  });

  it('extends the agreed start by supplementary agreement at most one year past the contract date', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    expect(j.add(p('supplementaryAgreement', '2026-09-01', { agreementNo: 'B1', cause: 'government', agreedStart: '2027-10-01' }, 'approver'))).toMatchObject({ ok: false, code: 'date', message: { zh: '延长动工开发期限最长不得超过 1 年（至 2027-09-30）（《闲置土地处置办法》第十二条）' } });
    expect(j.add(p('supplementaryAgreement', '2026-09-01', { agreementNo: 'B1', cause: 'government', agreedStart: '2027-03-31' }, 'approver')).ok).toBe(true);
    expect(j.add(p('supplementaryAgreement', '2027-03-01', { agreementNo: 'B2', cause: 'forceMajeure', agreedStart: '2027-10-01' }, 'approver')).ok).toBe(false);
    expect(j.state.agreed.start).toBe('2027-03-31');
  });
});

describe('idle-land cases', () => {
  it('investigate → determine → dispose, with the measure the cause allows and the years it needs', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    expect(j.add(p('idleInvestigation', '2026-09-30', { noticeNo: 'N1' }))).toMatchObject({ ok: false, code: 'idle' });
    j.addAll([p('idleInvestigation', '2027-10-08', { noticeNo: '闲调〔2027〕1号' }), p('idleDetermination', '2027-11-01', { determinationNo: '闲认〔2027〕1号', cause: 'user' }, 'approver')]);
    expect(j.add(p('idleDisposal', '2027-11-20', { measure: 'extension' }, 'approver'))).toMatchObject({ ok: false, code: 'idle' });
    expect(j.add(p('idleDisposal', '2027-11-20', { measure: 'recovery' }, 'approver'))).toMatchObject({ ok: false, code: 'idle' });
    expect(j.add(p('idleDisposal', '2027-11-20', { measure: 'fee' }, 'approver')).ok).toBe(true);
    expect(j.state.idle.disposal?.measure).toBe('fee');
  });
});

/**
 * "Cannot check: missing …" findings carry what is missing (rule.ts `cannotCheck`), so displays can
 * fold them into one group without reading the message; filling the inputs makes them go away.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSupply } from '../../src/services/check-supply.js';
import { groupCannotCheck, isCannotCheck, type Finding } from '../../src/domain/finding.js';
import { renderFindings } from '../../src/cli/commands/output.js';

const base = JSON.parse(readFileSync(new URL('./data/supply-residential.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const check = (s: Record<string, unknown>): readonly Finding[] => checkSupply(s, { ruleSet: 'xj-demo-2026' }).findings;

/** Every input the supply rules said was missing for the residential listing, filled in. */
const complete = {
  ...base,
  supervisionNumber: '6531302026B00017',
  contractNumber: '巴楚出让〔2026〕17号',
  assignee: '巴楚县某置业有限公司',
  planningConditions: { number: '巴规条〔2026〕9号', issuedOn: '2026-03-10' },
  landApprovals: { conversion: { authority: '新疆维吾尔自治区人民政府', number: '新政土〔2025〕88号', date: '2025-12-01' }, expropriation: { authority: '新疆维吾尔自治区人民政府', number: '新政土〔2025〕89号', date: '2025-12-01' } },
  reservePriceDecision: { collective: true, number: '巴楚县土地出让会议纪要〔2026〕3号', disclosed: false },
  bidders: [{ name: '甲公司', landPriceArrears: false, idleLand: false }, { name: '乙公司', landPriceArrears: false, idleLand: false }],
  prices: { ...(base.prices as object), transaction: '5200' },
  paymentSchedule: [{ dueDate: '2026-06-09', amount: '2600' }, { dueDate: '2026-11-01', amount: '2600' }],
  dates: { ...(base.dates as object), housingLandPlanPublication: '2026-03-01', deal: '2026-04-30', resultPublication: '2026-05-05', agreedDelivery: '2026-06-30', agreedCompletion: '2028-08-01' },
};

describe('cannot-check findings', () => {
  it('are info findings that name each missing input with a label, and only those messages say so', () => {
    const fs = check(base);
    const cc = fs.filter(isCannotCheck);
    expect(cc.length).toBeGreaterThanOrEqual(6);
    for (const f of cc) {
      expect(f.severity).toBe('info');
      for (const m of f.missing!) {
        expect(f.figures).toContain(m.field);
        expect(m.label.zh.length * m.label.en.length).toBeGreaterThan(0);
      }
    }
    // No rule words a cannot-check finding without marking it.
    expect(fs.filter((f) => f.message.zh.startsWith('无法核验：缺少') && !isCannotCheck(f)).map((f) => f.rule)).toEqual([]);
  });

  it('groups them after the errors and warnings, with the distinct missing inputs', () => {
    const fs = check(base);
    const g = groupCannotCheck(fs);
    expect(g.others.length + g.cannotCheck.length).toBe(fs.length);
    expect(g.others.map((f) => f.severity)).toEqual([...g.others.map((f) => f.severity)].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(new Set(g.missing.map((m) => m.field)).size).toBe(g.missing.length);
    expect(g.missing.map((m) => m.field)).toEqual(expect.arrayContaining(['planningConditions.issuedOn', 'dates.deal', 'bidders']));
  });

  it('go away as the inputs are given', () => {
    const before = check(base).filter(isCannotCheck).length;
    const after = check(complete).filter(isCannotCheck);
    expect(before).toBeGreaterThan(0);
    expect(after.map((f) => f.rule)).toEqual([]);
    // and the contract-field warning no longer lists what the form now carries
    expect(check(complete).find((f) => f.rule === 'grant-contract-fields')).toBeUndefined();
  });

  it('a bidder whose standing is not stated is a cannot-check, a bidder with arrears an error', () => {
    const fs = check({ ...complete, bidders: [{ name: '丙公司' }, { name: '丁公司', landPriceArrears: true, idleLand: false }] });
    expect(fs.filter(isCannotCheck).map((f) => [f.rule, f.missing!.map((m) => m.label.zh)])).toEqual([['bidder-standing', ['竞买人资格（丙公司）']]]);
    expect(fs.find((f) => f.rule === 'bidder-standing' && f.severity === 'error')?.figures).toEqual(['bidders[1].landPriceArrears']);
  });

  it('the CLI prints them as one group headed by what is missing, after the others', () => {
    const fs = check(base);
    const out = renderFindings(fs, 'zh');
    const n = fs.filter(isCannotCheck).length;
    const at = out.indexOf(`${n} 项无法核验（缺少资料）：`);
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at)).toContain('规划条件（出具日期）');
    expect(out.lastIndexOf('[错误]')).toBeLessThan(at);
    expect(out.lastIndexOf('[警告]')).toBeLessThan(at);
    expect(renderFindings(fs, 'en')).toContain(`${n} rule(s) not checked (missing input): `);
  });
});

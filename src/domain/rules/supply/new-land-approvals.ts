/**
 * Newly added construction land (the 新增 part of a supply) is supplied only after its 农用地转用
 * and 征收 are approved (《土地管理法》(2019) 第四十四条、第四十六条, articles recalled). The approvals
 * must be dated on or before the supply (its announcement, else its contract). Land already
 * state-owned needs no 征收 (`landApprovals.alreadyStateOwned`).
 * Input: `landApprovals` {conversion, expropriation: {authority, number, date}}; without them the
 * rule reports that it cannot check.
 * Example: conversion approved 2026-05-01, announcement 2026-04-01 → error.
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { newLandArea } from '../../supply.js';
import { cannotCheck, cannotCheckAll, draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { LAND_ADMINISTRATION_LAW } from '../bases.js';
import { empty } from '../params.js';

const STEPS = [
  ['conversion', '农用地转用', 'farmland conversion'],
  ['expropriation', '土地征收', 'expropriation'],
] as const;

export const newLandApprovals: Rule<SupplyContext, z.infer<typeof empty>> = {
  id: 'new-land-approvals',
  scope: 'supply',
  title: { zh: '新增建设用地须先经农用地转用和征收批准', en: 'new construction land only after conversion and expropriation are approved' },
  basis: { document: LAND_ADMINISTRATION_LAW, article: '第四十四条、第四十六条', confidence: 'unconfirmed', note: 'articles recalled' },
  severity: 'error',
  params: empty,
  check({ supply: s }) {
    const fresh = newLandArea(s);
    if (fresh.compare(Area.zero) <= 0) return [];
    const a = s.landApprovals;
    const [field, date] = s.dates.announcement ? ['dates.announcement', s.dates.announcement] : s.dates.contract ? ['dates.contract', s.dates.contract] : [undefined, undefined];
    const out: Draft[] = [];
    const missing: (typeof STEPS)[number][] = [];
    for (const step of STEPS) {
      const [key, zh, en] = step;
      if (key === 'expropriation' && a?.alreadyStateOwned) continue;
      const approved = a?.[key]?.date;
      if (!approved) {
        missing.push(step);
        continue;
      }
      if (!field || !date) continue;
      if (approved > date) {
        out.push(draft('error', `${zh}于 ${approved} 批准，晚于供地（${date}）：新增建设用地须先批后供`, `${en} approved ${approved}, after the supply (${date})`, [`landApprovals.${key}.date`, field], { stated: approved, expected: `<= ${date}` }));
      }
    }
    if (missing.length) {
      const ha = fresh.formatHectares(4);
      out.push(
        cannotCheckAll(
          `无法核验：缺少新增建设用地 ${ha} 公顷的${missing.map((m) => m[1]).join('、')}批准日期（${missing.map((m) => `landApprovals.${m[0]}.date`).join('、')}）`,
          `cannot check: missing the ${missing.map((m) => m[2]).join(' and ')} approval date of the ${ha} ha of new land`,
          missing.map((m) => ({ field: `landApprovals.${m[0]}.date`, label: { zh: `${m[1]}批准日期`, en: `${m[2]} approval date` } })),
        ),
      );
    }
    if (!field && STEPS.some(([k]) => a?.[k]?.date)) out.push(cannotCheck('dates.announcement', '出让公告或合同日期', 'the announcement or contract date'));
    return out;
  },
};

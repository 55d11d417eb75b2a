/**
 * Two or more intended users for one parcel ⇒ public competition.
 * 民法典 第三百四十七条 (同一土地有两个以上意向用地者的，应当采取招标、拍卖等公开竞价的方式出让; quoted
 * in data/rules/quotes.json).
 * Example: 3 意向用地者 and 协议出让 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { methodList } from '../params.js';
import { CIVIL_CODE } from '../bases.js';

const params = z.object({ minApplicants: z.number().int().min(2), methods: methodList });

export const competingApplicantsBidding: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'competing-applicants-bidding',
  scope: 'supply',
  title: { zh: '同一宗地有两个以上意向用地者的须公开竞价', en: 'two or more intended users means public competition' },
  basis: { document: CIVIL_CODE, article: '第三百四十七条', confidence: 'confirmed' },
  severity: 'error',
  params,
  // Fewer applicants forcing public competition is stricter.
  directions: { minApplicants: 'maximum' },
  check({ supply: s }, p) {
    const n = s.intendedUsers;
    if (n === undefined || n < p.minApplicants || (p.methods as string[]).includes(s.method)) return [];
    return [
      draft('error', `该宗地有 ${n} 个意向用地者，须以招标、拍卖、挂牌方式公开竞价，不得采用供地方式 ${s.method}`, `${n} intended users: the parcel must go to public competition, not method ${s.method}`, ['intendedUsers', 'method'], {
        stated: String(n),
        expected: `< ${p.minApplicants}`,
      }),
    ];
  },
};

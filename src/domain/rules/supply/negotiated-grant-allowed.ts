/**
 * 协议出让 only where the law does not require 招拍挂: one intended user, stated
 * (《协议出让国有土地使用权规定》(国土资源部令第21号) 第九条, article recalled). 补办出让 of land already
 * held by 划拨 or 租赁 (`supplementaryGrantOf`) is exempt: it regularises the holder's own land.
 * Example: 协议出让 with the number of intended users not stated → error naming `intendedUsers`.
 * (Uses that require 招拍挂 are reported by commercial-purpose-public-bidding; two or more users by
 * competing-applicants-bidding.)
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_21 } from '../bases.js';
import { empty } from '../params.js';

const params = empty;

export const negotiatedGrantAllowed: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'negotiated-grant-allowed',
  scope: 'supply',
  title: { zh: '协议出让仅限只有一个意向用地者', en: 'negotiated grant only with a single intended user' },
  basis: { document: ORDER_21, article: '第九条', confidence: 'unconfirmed', note: 'article recalled (RULES-REVIEW.md)' },
  severity: 'error',
  params,
  check({ supply: s }) {
    if (s.method !== '3') return [];
    if (s.supplementaryGrantOf) {
      const held = s.supplementaryGrantOf === 'allocation' ? { zh: '划拨', en: 'allocated' } : { zh: '租赁', en: 'leased' };
      return [draft('info', `原${held.zh}土地补办出让，不适用"只有一个意向用地者"的条件`, `supplementary grant of ${held.en} land: the single-user condition does not apply`, ['supplementaryGrantOf'])];
    }
    if (s.intendedUsers === undefined) {
      return [draft('error', '协议出让须载明意向用地者数量（公布供地计划后只有一个意向用地者方可协议出让）', 'a negotiated grant must state the number of intended users (only one allows negotiation)', ['intendedUsers'])];
    }
    if (s.intendedUsers === 0) return [draft('error', '协议出让的意向用地者数量为 0', 'negotiated grant with no intended user', ['intendedUsers'], { stated: '0' })];
    return [];
  },
};

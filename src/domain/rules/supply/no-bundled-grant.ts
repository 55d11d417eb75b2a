/**
 * No 捆绑出让 of several parcels as one: 国土资发〔2010〕34号 (unconfirmed). (毛地出让 is refused by
 * clean-land-precondition.)
 * Example: bundled true → error.
 */
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { empty } from '../params.js';
import { NOTICE_34 } from '../bases.js';

export const noBundledGrant: Rule<SupplyContext, Record<string, never>> = {
  id: 'no-bundled-or-raw-grant',
  scope: 'supply',
  title: { zh: '不得捆绑出让', en: 'no bundled grant' },
  basis: { document: NOTICE_34, confidence: 'unconfirmed' },
  severity: 'error',
  params: empty as never,
  check({ supply: s }) {
    return s.bundled ? [draft('error', '多宗地捆绑出让，不得实施', 'several parcels granted as one (bundled): not allowed', ['bundled'])] : [];
  },
};

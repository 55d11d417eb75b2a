/**
 * A parcel's projected journal state as JSON text (pipeline_parcel.state_json): decimals as their
 * exact text, the set of reversed events as a list. Read back to the same domain value.
 */
import { Dec } from '../domain/decimal.js';
import type { PipelineState } from '../domain/pipeline/journal.js';

export function stateToJson(s: PipelineState): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Dec ? v.toFixed() : v instanceof Set ? [...(v as Set<number>)] : v));
}

type Raw = Record<string, unknown> & { [k: string]: unknown };

export function stateFromJson(text: string): PipelineState {
  const r = JSON.parse(text) as Raw;
  const dec = (v: unknown) => new Dec(String(v));
  const contract = r['contract'] as Raw | undefined;
  const deal = r['deal'] as Raw | undefined;
  const reserve = r['reserve'] as Raw;
  return {
    ...(r as unknown as PipelineState),
    reserve: { ...(reserve as unknown as PipelineState['reserve']), costs: (reserve['costs'] as Raw[]).map((c) => ({ ...(c as unknown as PipelineState['reserve']['costs'][number]), amount: dec(c['amount']) })) },
    ...(r['reservePrice'] !== undefined ? { reservePrice: dec(r['reservePrice']) } : {}),
    ...(deal ? { deal: { ...(deal as unknown as NonNullable<PipelineState['deal']>), price: dec(deal['price']) } } : {}),
    ...(contract
      ? {
          contract: {
            ...(contract as unknown as NonNullable<PipelineState['contract']>),
            ...(contract['price'] !== undefined ? { price: dec(contract['price']) } : {}),
            instalments: (contract['instalments'] as Raw[]).map((i) => ({ ...(i as unknown as NonNullable<PipelineState['contract']>['instalments'][number]), amount: dec(i['amount']) })),
          },
        }
      : {}),
    payments: (r['payments'] as Raw[]).map((p) => ({ ...(p as unknown as PipelineState['payments'][number]), amount: dec(p['amount']) })),
    paid: dec(r['paid']),
    reversed: new Set(r['reversed'] as number[]),
  };
}

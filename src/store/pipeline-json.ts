/**
 * A parcel's projected journal state as JSON text (pipeline_parcel.state_json): decimals as their
 * exact text, the set of reversed events as a list. Read back to the same domain value.
 */
import { Dec } from '../domain/decimal.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import { watchFrom, watchState } from '../domain/pipeline/supervise.js';

export function stateToJson(s: PipelineState): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Dec ? v.toFixed() : v instanceof Set ? [...(v as Set<number>)] : v));
}

/** Parses in place (one object graph, no copies): decimals become Dec, the reversed list a Set. */
export function stateFromJson(text: string): PipelineState {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const r = JSON.parse(text) as any;
  for (const c of r.reserve.costs) c.amount = new Dec(c.amount);
  if (r.reservePrice !== undefined) r.reservePrice = new Dec(r.reservePrice);
  if (r.deal) r.deal.price = new Dec(r.deal.price);
  if (r.contract) {
    if (r.contract.price !== undefined) r.contract.price = new Dec(r.contract.price);
    for (const i of r.contract.instalments) i.amount = new Dec(i.amount);
  }
  for (const p of r.payments) p.amount = new Dec(p.amount);
  r.paid = new Dec(r.paid);
  r.reversed = new Set(r.reversed);
  return r as PipelineState;
}

/** The pipeline_watch columns of a parcel whose projected state is `s` (migration 8). */
export function watchRow(s: PipelineState): { watch_from: string | null; watch_json: string } {
  return { watch_from: watchFrom(s) ?? null, watch_json: stateToJson(watchState(s)) };
}

/** The pipeline_evidence rows of one event: each attachment its documents cite, once (migration 8). */
export function evidenceRows(eventId: number, parcelId: number, jurisdictionCode: string, documents: readonly { attachment?: string | undefined }[]): { sha256: string; event_id: number; parcel_id: number; jurisdiction_code: string }[] {
  const shas = [...new Set(documents.map((d) => d.attachment).filter((a): a is string => typeof a === 'string'))];
  return shas.map((sha256) => ({ sha256, event_id: eventId, parcel_id: parcelId, jurisdiction_code: jurisdictionCode }));
}

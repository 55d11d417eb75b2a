/**
 * Use case: 供地率 and 批而未供 by approval batch (农用地转用/土地征收 批次), where batches are
 * registered: a batch's land counts as supplied once its parcel's contract or allocation decision
 * is in the journal (on or before the as-of date). 供地率 = supplied ÷ approved (the formula is a
 * bureau convention, DOMAIN §2: "formula unconfirmed"); 批而未供 = approved − supplied.
 */
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import type { Db } from '../store/database.js';
import { getPipelineState } from '../store/pipeline.js';
import { listApprovalBatches } from '../store/reserve.js';
import type { BatchSupply } from '../domain/pipeline/report.js';
export type { BatchSupply } from '../domain/pipeline/report.js';

export async function supplyRateByBatch(db: Db, q: { jurisdictionCode: string; asOf: string }): Promise<{ batches: BatchSupply[]; approvedHa: string; suppliedHa: string; supplyRatePercent: string | null }> {
  const batches = await listApprovalBatches(db, q.jurisdictionCode);
  let approvedAll = Area.zero;
  let suppliedAll = Area.zero;
  const out: BatchSupply[] = [];
  for (const b of batches) {
    let supplied = Area.zero;
    const evidence: BatchSupply['evidence'][number][] = [];
    for (const p of b.parcels) {
      const s = await getPipelineState(db, p.parcelId);
      const c = s?.contract;
      if (!c || c.on > q.asOf) continue;
      supplied = supplied.plus(p.area);
      evidence.push({ parcelId: p.parcelId, number: c.number, on: c.on, areaHa: p.area.hectares.toFixed() });
    }
    approvedAll = approvedAll.plus(b.area);
    suppliedAll = suppliedAll.plus(supplied);
    out.push({
      batchNo: b.batchNo,
      kind: b.kind,
      approvedOn: b.approvedOn,
      approvalRef: b.approvalRef,
      approvedHa: b.area.hectares.toFixed(4),
      suppliedHa: supplied.hectares.toFixed(4),
      unsuppliedHa: b.area.minus(supplied).hectares.toFixed(4),
      supplyRatePercent: b.area.squareMetres.isZero() ? '0.00' : supplied.squareMetres.div(b.area.squareMetres).times(100).toFixed(2, Dec.ROUND_HALF_UP),
      evidence,
    });
  }
  return {
    batches: out,
    approvedHa: approvedAll.hectares.toFixed(),
    suppliedHa: suppliedAll.hectares.toFixed(),
    supplyRatePercent: approvedAll.squareMetres.isZero() ? null : suppliedAll.squareMetres.div(approvedAll.squareMetres).times(100).toFixed(2, Dec.ROUND_HALF_UP),
  };
}

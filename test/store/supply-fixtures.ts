/** Supplies for the integrity and crash tests. */

/** A lawful residential supply of 1.25 ha with its parcel. */
export function lawfulSupply(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const x = 78.55 + (Number(/\d+/.exec(id)?.[0] ?? 0) % 500) * 0.002;
  return {
    id,
    projectName: '测试住宅项目',
    district: 'kashgar-river',
    area: { ha: '1.25' },
    useCode: '0701',
    method: '23',
    termYears: 70,
    far: { min: '1.2', max: '2.5' },
    prices: { reserve: '500', starting: '500', transaction: '620', bidDeposit: '100' },
    cleanLand: { titleClear: true, compensationSettled: true, noDisputes: true, planningConditionsClear: true, readyToStart: true },
    dates: { announcement: '2026-03-01', listingStart: '2026-03-25', listingEnd: '2026-04-08', contract: '2026-04-15' },
    geometry: { type: 'Polygon', coordinates: [[[x, 39.78], [x + 0.001, 39.78], [x + 0.001, 39.781], [x, 39.781], [x, 39.78]]] },
    ...over,
  };
}


import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { openStore } from '../../src/store/database.js';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../../src/store/migrate.js';
import { listParcels } from '../../src/store/repos/parcels.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, seedBachuJurisdictions } from './helpers.js';

function square(i: number, x: number, y: number): ParcelFeature {
  return {
    recordIndex: i,
    geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] },
    fields: { parcelNumber: `S${i}`, area: Area.fromSquareMetres('100') },
    attributes: {},
    areaM2: 100,
  };
}

describe.each(BACKENDS)('migrations on $name', (backend) => {
  it(`upgrades a version-1 database holding parcels to version ${SCHEMA_VERSION} on open, and bbox queries keep their answers`, async () => {
    const f = await backend.fresh();
    try {
      const old = await openStore({ ...f, migrate: false });
      expect(await migrate(old, 1)).toEqual({ from: 0, to: 1 });
      await seedBachuJurisdictions(old);
      await importParcels(old, { jurisdictionCode: '653130', source: 'v1.shp', features: [square(0, 78.0, 39.0), square(1, 78.5, 39.5), square(2, 79.0, 40.0)], actor: 't' });
      const before = (await listParcels(old.db, { bbox: [78.4, 39.4, 78.6, 39.6] })).map((p) => p.fields.parcelNumber);
      await old.close();

      const now = await openStore(f);
      expect(await schemaVersion(now.db as never)).toBe(SCHEMA_VERSION);
      expect((await listParcels(now.db, { bbox: [78.4, 39.4, 78.6, 39.6] })).map((p) => p.fields.parcelNumber)).toEqual(before);
      expect(before).toEqual(['S1']);
      await importParcels(now, { jurisdictionCode: '653130', source: 'v2.shp', features: [square(3, 78.55, 39.55)], actor: 't' });
      expect((await listParcels(now.db, { bbox: [78.4, 39.4, 78.6, 39.6] })).map((p) => p.fields.parcelNumber)).toEqual(['S1', 'S3']);
      if (backend.name === 'sqlite') {
        const n = await sql<{ n: number }>`select count(*) as n from parcel_rtree`.execute(now.db);
        expect(Number(n.rows[0]!.n)).toBe(4);
      }
      expect((await verifyStore(now.db)).problems).toEqual([]);
      await now.close();
    } finally {
      await f.cleanup();
    }
  });
});

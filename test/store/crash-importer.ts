/**
 * A child process for the crash test: imports `count` generated parcels in one transaction and
 * prints "progress N" after each batch, so the parent can SIGKILL it mid-way.
 * argv: JSON {options, count}
 */
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { openStore, type OpenOptions } from '../../src/store/database.js';

const arg = JSON.parse(process.argv[2]!) as { options: OpenOptions; count: number };

async function* features(n: number): AsyncGenerator<ParcelFeature> {
  for (let i = 0; i < n; i++) {
    const x = 78 + (i % 1000) * 0.001;
    const y = 39 + Math.floor(i / 1000) * 0.001;
    yield {
      recordIndex: i,
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.0008, y], [x + 0.0008, y + 0.0008], [x, y + 0.0008], [x, y]]] },
      fields: { parcelNumber: `P${i}`, area: Area.fromSquareMetres('6150.25'), supplyMethod: '23', useCode: '0701', district: 'A' },
      attributes: { ZDBH: `P${i}` },
      areaM2: 6150.2512,
    };
  }
}

const store = await openStore(arg.options);
const r = await importParcels(store, {
  jurisdictionCode: '653130',
  source: 'crash-test',
  features: features(arg.count),
  actor: 'crash',
  onProgress: (n) => process.stdout.write(`progress ${n}\n`),
});
await store.close();
process.stdout.write(`done ${r.count}\n`);

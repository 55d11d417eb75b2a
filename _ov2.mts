import { openStore } from '/work/main/src/store/database.js';
import { cachedPipelineOverview } from '/work/main/src/services/pipeline-overview.js';
import { recordPipelineEvent } from '/work/main/src/services/record-pipeline-event.js';
const store = await openStore({ sqlitePath: '/tmp/d100k-copy.db', migrate: false });
const ov = cachedPipelineOverview();
const q = { jurisdictionCode: '653130', asOf: '2026-11-27', offset: 0, limit: 20, dueLimit: 100 };
let t = performance.now();
let o = await ov(store.db, q);
console.log('cold', Math.round(performance.now() - t), o.itemsTotal, o.items.length);
t = performance.now(); o = await ov(store.db, { ...q, offset: 5000 }); console.log('warm', (performance.now() - t).toFixed(2));
// an inspection event on some parcel
const pid = o.items[0]!.parcelId;
const r = await recordPipelineEvent(store, { parcelId: pid, kind: 'inspection', occurredOn: '2026-11-20', data: { finding: 'notStarted' }, documents: [{ kind: '照片', number: 'X', date: '2026-11-20' }], actor: 'clerk', roles: ['editor'] });
console.log('recorded', r.ok);
t = performance.now(); o = await ov(store.db, q); console.log('after event', (performance.now() - t).toFixed(2), o.itemsTotal);
t = performance.now(); o = await ov(store.db, q); console.log('warm', (performance.now() - t).toFixed(2));
await store.close();

// Renders a consultation draft and an approved version of the demo plan (with 120 parcels) to .docx for a look.
import { writeFileSync } from 'node:fs';
import { demoInputWithParcels } from '../test/reports/plans.ts';
import { renderExport } from '../src/services/export-formats.js';
import { libreOfficeConverter } from '../src/services/export-converter.js';
const conv = libreOfficeConverter();
const states = {
  consultation: { status: 'consultation', versionSeq: 1, consultation: { from: '2026-01-10', until: '2026-02-09' } },
  approved: { status: 'approved', versionSeq: 1, signedOn: '2026-02-20', documentNumber: '巴政发〔2026〕3号', issuingAuthority: '巴楚县人民政府' },
  adjusted: { status: 'approved', versionSeq: 2, signedOn: '2026-06-20', documentNumber: '巴政发〔2026〕9号', issuingAuthority: '巴楚县人民政府', adjustment: true, adjustmentReason: '新增保障性租赁住房项目用地' },
} as const;
for (const [name, meta] of Object.entries(states)) {
  const input = { ...demoInputWithParcels(), meta };
  const f = await renderExport(input, 'pdf', { baseName: name, converter: conv });
  writeFileSync(`/tmp/prof/look-${name}.pdf`, f.bytes);
  console.log(name, f.bytes.length);
}

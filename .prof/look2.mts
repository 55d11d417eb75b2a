import { writeFileSync } from 'node:fs';
import { benchInput } from '../bench/export.ts';
import { renderExport } from '../src/services/export-formats.js';
import { libreOfficeConverter } from '../src/services/export-converter.js';
const input = { ...benchInput(10000), meta: { status: 'approved', signedOn: '2026-02-20', documentNumber: '巴政发〔2026〕3号', issuingAuthority: '巴楚县人民政府' } } as const;
const f = await renderExport(input as any, 'pdf', { baseName: 'b', converter: libreOfficeConverter() });
writeFileSync('/tmp/prof/look-10k.pdf', f.bytes);

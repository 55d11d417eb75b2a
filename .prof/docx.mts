import { writeFileSync } from 'node:fs';
import { benchInput } from '../bench/export.ts';
import { renderExport } from '../src/services/export-formats.js';
const f = await renderExport(benchInput(10000), 'docx', { baseName: 'b' });
writeFileSync('/tmp/prof/b.docx', f.bytes);

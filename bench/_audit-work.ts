/**
 * Helper of `npm run bench -- audit --instructions`, run under callgrind: reads a JSON array of
 * texts and, when the second argument is "1", audits them (the run with "0" measures the rest).
 */
import { readFileSync } from 'node:fs';
import { auditText } from '../src/audit/index.js';

const docs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
if (process.argv[3] === '1') for (const d of docs) auditText(d);

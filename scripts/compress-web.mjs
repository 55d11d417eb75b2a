// Writes .br and .gz twins of the built web assets so the server (@fastify/static preCompressed)
// sends them compressed without compressing on every request. Run after `vite build web`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../web/dist/', import.meta.url).pathname;
let files = 0;
let raw = 0;
let br = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      walk(p);
      continue;
    }
    if (!/\.(js|css|html|svg|json)$/.test(name) || name.endsWith('manifest.json')) continue;
    const data = readFileSync(p);
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(`${p}.br`, b);
    writeFileSync(`${p}.gz`, gzipSync(data, { level: 9 }));
    files++;
    raw += data.length;
    br += b.length;
  }
}
walk(root);
process.stdout.write(`compressed ${files} files: ${raw} → ${br} bytes (brotli)\n`);

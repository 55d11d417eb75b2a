/**
 * `npm run bench -- NAME [args…]` runs bench/NAME.ts. Each benchmark module exports
 * `main(args: string[]): Promise<Record<string, unknown>>`; its result is printed as the last
 * line, one JSON object (with "ratio" where a yardstick was measured in the same run).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME   (one of: ${available.join(', ') || 'none yet'})\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { main: (args: string[]) => Promise<Record<string, unknown>> };
const result = await mod.main(args);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

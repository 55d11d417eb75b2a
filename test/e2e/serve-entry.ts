/** Runs `landplan serve` from the sources (tsx), as the e2e tests and the API bench start it. */
import { run } from '../../src/cli/main.js';

const code = await run(['serve', ...process.argv.slice(2)]);
if (code !== 0) process.exit(code);

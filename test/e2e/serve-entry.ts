/** Runs `landplan serve` from the sources (tsx), as the e2e tests and the API bench start it. */
import { existsSync, readFileSync } from 'node:fs';
import { installTestClock } from '../../src/store/clock.js';
import { run } from '../../src/cli/main.js';

// A test that must step past a date (a consultation period) names a file holding "YYYY-MM-DD";
// the server's today is what the file says when it is read (the system clock when it is absent).
// Only this test entry installs it: `landplan serve` never does.
const clockFile = process.env.LANDPLAN_E2E_CLOCK_FILE;
if (clockFile) {
  installTestClock(() => {
    if (!existsSync(clockFile)) return null;
    const d = readFileSync(clockFile, 'utf8').trim();
    return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
  });
}

const code = await run(['serve', ...process.argv.slice(2)]);
if (code !== 0) process.exit(code);

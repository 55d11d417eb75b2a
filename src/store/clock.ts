/**
 * The register's clock. The store's `now()` (every recorded-at, the date a consultation period or a
 * transition is checked against) and the services' "today" read it.
 *
 * An end-to-end test must step past a consultation period, so the test server's entry
 * (test/e2e/serve-entry.ts, which is not part of the package) installs a clock it controls. Nothing
 * the CLI or the server runs calls `installTestClock`, and no environment variable or option reaches
 * it: a production server always reads the system clock.
 */
let override: (() => Date) | null = null;

/** Now, as the register counts it. */
export function systemNow(): Date {
  return override?.() ?? new Date();
}

/** Today's date (UTC) as "YYYY-MM-DD". */
export function todayIso(): string {
  return systemNow().toISOString().slice(0, 10);
}

/**
 * Test entry only (test/e2e/serve-entry.ts). `clock` answers the date to run on, or null for the
 * system's. On a given date the time is 04:00 UTC (the same day in China, UTC+8) plus the time
 * elapsed since installation within the hour, so recorded times still advance.
 */
export function installTestClock(clock: () => string | null): void {
  const started = Date.now();
  override = () => {
    const d = clock();
    return d ? new Date(Date.parse(`${d}T04:00:00Z`) + ((Date.now() - started) % 3_600_000)) : new Date();
  };
}

/**
 * The register's clock: today's date (UTC) as "YYYY-MM-DD". Every "today" the services and routes
 * use (a consultation period, a transition's date, an idle scan's default) comes from here.
 *
 * An end-to-end test must step past a consultation period, so the test server's entry
 * (test/e2e/serve-entry.ts, which is not part of the package) installs a clock it controls. Nothing
 * the CLI or the server runs calls `installTestClock`, and no environment variable or option reaches
 * it: a production server always reads the system clock.
 */
let override: (() => string) | null = null;

export function todayIso(): string {
  const o = override?.();
  return o ?? new Date().toISOString().slice(0, 10);
}

/** Test entry only (test/e2e/serve-entry.ts). `clock` answers a date, or null for the system's. */
export function installTestClock(clock: () => string | null): void {
  override = () => clock() ?? new Date().toISOString().slice(0, 10);
}

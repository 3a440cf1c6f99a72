// @ts-check
/**
 * A reporter that prints, once the run is over, the totals per engine and then for the run:
 *
 *   Chromium: 250 passed, 0 failed, 0 skipped
 *   Firefox: 250 passed, 0 failed, 0 skipped
 *   Total: 500 passed, 0 failed
 *
 * A test file that failed outside any test (it did not load, a hook threw and mocha stopped the
 * file) counts as one failed test, so a broken file can never look like a smaller green one.
 */

/** @typedef {{ tests: Array<{ passed: boolean, skipped: boolean }>, suites: Suite[] }} Suite */

/** @param {Suite | undefined} suite @param {{ passed: number, failed: number, skipped: number }} into */
function count(suite, into) {
  if (!suite) return into;
  for (const test of suite.tests) {
    if (test.skipped) into.skipped += 1;
    else if (test.passed) into.passed += 1;
    else into.failed += 1;
  }
  for (const child of suite.suites) count(child, into);
  return into;
}

export function engineTotals() {
  return {
    /** @param {{ sessions: Array<{ browser: { name: string }, passed?: boolean, testResults?: Suite, errors?: unknown[] }> }} args */
    stop({ sessions }) {
      /** @type {Map<string, { passed: number, failed: number, skipped: number }>} */
      const engines = new Map();
      for (const session of sessions) {
        const totals = engines.get(session.browser.name) ?? { passed: 0, failed: 0, skipped: 0 };
        engines.set(session.browser.name, totals);
        const before = totals.failed;
        count(session.testResults, totals);
        if (session.passed === false && totals.failed === before) totals.failed += 1; // failed outside a test
      }
      const all = { passed: 0, failed: 0 };
      const lines = ['', 'Totals per engine:'];
      for (const [name, totals] of engines) {
        lines.push(`${name}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
        all.passed += totals.passed;
        all.failed += totals.failed;
      }
      lines.push(`Total: ${all.passed} passed, ${all.failed} failed`);
      console.log(lines.join('\n'));
    },
  };
}

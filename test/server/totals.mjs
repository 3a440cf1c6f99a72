// @ts-check
/**
 * A reporter that prints, once the run is over, a table of each test file's results per engine
 * (passed, or passed/failed/skipped when any failed or was skipped), then the totals per engine
 * and for the run:
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
    /** @param {{ sessions: Array<{ testFile: string, browser: { name: string }, passed?: boolean, testResults?: Suite, errors?: unknown[] }> }} args */
    stop({ sessions }) {
      /** @type {Map<string, { passed: number, failed: number, skipped: number }>} */
      const engines = new Map();
      /** @type {Map<string, Map<string, string>>} file → engine → its cell */
      const files = new Map();
      for (const session of sessions) {
        const totals = engines.get(session.browser.name) ?? { passed: 0, failed: 0, skipped: 0 };
        engines.set(session.browser.name, totals);
        const file = count(session.testResults, { passed: 0, failed: 0, skipped: 0 });
        if (session.passed === false && file.failed === 0) file.failed = 1; // failed outside a test
        totals.passed += file.passed;
        totals.failed += file.failed;
        totals.skipped += file.skipped;
        const cell = file.failed || file.skipped ? `${file.passed}/${file.failed}/${file.skipped}` : `${file.passed}`;
        const name = session.testFile.replace(/^.*?\/test\//, 'test/');
        files.set(name, (files.get(name) ?? new Map()).set(session.browser.name, cell));
      }
      const names = [...engines.keys()];
      const lines = ['', `| test file | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
      for (const [file, cells] of [...files].sort(([a], [b]) => a.localeCompare(b))) lines.push(`| ${file} | ${names.map((name) => cells.get(name) ?? '—').join(' | ')} |`);
      const all = { passed: 0, failed: 0 };
      lines.push('', 'Totals per engine:');
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

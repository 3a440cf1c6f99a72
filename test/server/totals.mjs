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
 * Each failure is also listed, one line each (`FAILED <engine> <file> › <test>: <message>`), so
 * that the end of a long log says which test failed (.ci/run prints them again after the build),
 * and so is each test that failed once and passed when retried (`RETRIED …`, from test/helpers.ts).
 */

/** @typedef {{ message?: string }} Failure */
/** @typedef {{ name: string, tests: Array<{ name: string, passed: boolean, skipped: boolean, error?: Failure }>, suites: Suite[] }} Suite */

/** The failed tests under `suite`, as "suite › test: first line of the error". @param {Suite | undefined} suite @param {string[]} path @returns {string[]} */
function failures(suite, path = []) {
  if (!suite) return [];
  const here = suite.name ? [...path, suite.name] : path;
  const own = suite.tests
    .filter((test) => !test.passed && !test.skipped)
    .map((test) => `${[...here, test.name].join(' › ')}: ${firstLine(test.error)}`);
  return [...own, ...suite.suites.flatMap((child) => failures(child, here))];
}

/** @param {Failure | undefined} error */
const firstLine = (error) => (error?.message ?? 'failed').split('\n')[0].slice(0, 300);

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
    /** @param {{ sessions: Array<{ testFile: string, browser: { name: string }, passed?: boolean, testResults?: Suite, errors?: Failure[], logs?: unknown[][] }> }} args */
    stop({ sessions }) {
      /** @type {string[]} */
      const problems = []; // FAILED and RETRIED lines
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
        const where = `FAILED ${session.browser.name} ${name}`;
        const inTests = failures(session.testResults).map((failure) => `${where} › ${failure}`);
        const outside = session.passed === false && !inTests.length ? (session.errors?.length ? session.errors : [undefined]) : [];
        problems.push(...inTests, ...outside.map((error) => `${where} (outside a test): ${firstLine(error)}`));
        const retried = (session.logs ?? []).flat().filter((line) => typeof line == 'string' && line.startsWith('RETRIED '));
        problems.push(...retried.map((line) => `RETRIED ${session.browser.name} ${name} › ${String(line).slice(8)}`));
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
      if (problems.length) lines.push('', ...problems);
      lines.push(`Total: ${all.passed} passed, ${all.failed} failed`);
      console.log(lines.join('\n'));
    },
  };
}

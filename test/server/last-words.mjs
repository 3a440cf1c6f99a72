// @ts-check
/**
 * Why the test runner's process ended, written at once. wtr stops the run on an uncaught exception
 * and exits before its buffered console reaches the log, which then just ends mid-run (no totals,
 * no reason): these lines go straight to stderr instead.
 *
 * An unhandled rejection (a driver call that nothing awaited) is logged and the run goes on: the
 * test that needed it fails on its own, and the other files still report.
 */
import { writeSync } from 'node:fs';

/** @param {string} text */
const say = (text) => {
  try {
    writeSync(2, `\n[test runner] ${text}\n`);
  } catch {
    // stderr closed: nothing to tell
  }
};

export function lastWords() {
  process.on('uncaughtException', (error) => say(`uncaught exception, the run stops: ${error?.stack ?? error}`));
  process.on('unhandledRejection', (reason) => say(`unhandled rejection (the run goes on): ${reason instanceof Error ? reason.stack : String(reason)}`));
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      say(`${signal} received, exiting`);
      process.exit(1);
    });
  }
  process.on('exit', (code) => {
    if (code) say(`exits with code ${code}`);
  });
}

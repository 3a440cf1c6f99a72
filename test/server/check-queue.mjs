// @ts-check
/**
 * The WebDriver queue of hub-commands.mjs (`onTestPage`), with a stand-in driver: a runner's
 * command (a click, say) issued while a hub command acts in a popup waits for it, and then runs on
 * the test page, also after a hub command that failed. WebKit's runs rely on this
 * (docs/development.md, "Tests that failed once"). Run by `npm test` before the browser tests.
 */
import assert from 'node:assert/strict';
import { onTestPage } from './hub-commands.mjs';

/** A driver with one current window, logging what acts where. */
function standInDriver() {
  let current = 'test-page';
  const log = /** @type {string[]} */ ([]);
  const driver = {
    getWindowHandle: async () => current,
    /** @param {string} handle */
    switchToWindow: async (handle) => void (current = handle),
    /** @param {string} what */
    act: (what) => log.push(`${what} in ${current}`),
  };
  return { driver: /** @type {import('webdriverio').Browser & typeof driver} */ (/** @type {unknown} */ (driver)), log };
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

{
  const { driver, log } = standInDriver();
  const hubCommand = onTestPage(driver, async () => {
    await driver.switchToWindow('popup');
    await sleep(50); // the hub's page takes its time
    driver.act('submit');
  });
  const runnerClick = onTestPage(driver, async () => driver.act('click'));
  await Promise.all([hubCommand, runnerClick]);
  assert.deepEqual(log, ['submit in popup', 'click in test-page'], 'a runner click waits for the hub command, then acts on the test page');
}

{
  const { driver, log } = standInDriver();
  const failing = onTestPage(driver, async () => {
    await driver.switchToWindow('popup');
    throw new Error('the popup closed');
  });
  const runnerClick = onTestPage(driver, async () => driver.act('click'));
  await assert.rejects(failing, /the popup closed/, 'the hub command\'s failure reaches its caller');
  await runnerClick;
  assert.deepEqual(log, ['click in test-page'], 'after a failed hub command, the next command still runs, on the test page');
}

console.log('check-queue: a runner command waits behind a hub command and acts on the test page: ok');

// @ts-check
/**
 * Server commands that act in the stand-in hub as a person would: the hub runs on the other
 * origin, so the test page cannot script it; the browser's driver can.
 * From a test: `executeServerCommand('hub', { action: 'submit', … })`.
 *
 * One set of actions (below, `hubAction`) over one small interface, `Driver`, with a backend per
 * kind of driver wtr has: Playwright (Chromium), puppeteer-core over WebDriver BiDi (Firefox) and
 * WebDriver (WebKitGTK's WebKitWebDriver).
 */

const HUB_URL = /\/demo\/(?:isolated-)?hub\/[^/]+\/permissions/;

/**
 * A browsing context the driver can act in: a popup's page or a frame of a page.
 * @typedef {object} Context
 * @property {() => Promise<string>} url
 * @property {(selector: string, timeout: number) => Promise<void>} waitFor
 * @property {(selector: string, value: string) => Promise<void>} fill
 * @property {(selector: string, checked: boolean) => Promise<void>} setChecked
 * @property {(selector: string, closesWindow?: boolean) => Promise<void>} click
 * @property {(fn: string, arg: unknown) => Promise<unknown>} evaluate  fn: a function's source, called with arg
 * @property {() => Promise<void>} closeWindow  as the person closing the window it is in
 * @property {() => Promise<boolean>} gone  its window closed or it was detached
 */

/**
 * @typedef {object} Driver
 * @property {() => Promise<string[]>} popupUrls  windows besides the test page, oldest first
 * @property {() => Promise<number>} closeAll  closes them; resolves to how many there were
 * @property {() => Promise<Context[]>} contexts  every context of every window, test page included, oldest window first
 * @property {(selector: string, role: string, name: string) => Promise<number>} accessible  how many elements in
 *   the test page's `selector` (shadow root included) the browser's accessibility tree exposes with `role` and `name`
 */

/**
 * The newest hub page (the oldest with `oldest`): a popup, or a frame of the test page.
 * @param {Driver} driver @param {number} timeout ms @param {boolean} [oldest]
 * @returns {Promise<Context>}
 */
async function findHub(driver, timeout = 5000, oldest = false) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hubs = [];
    for (const context of await driver.contexts()) {
      if (HUB_URL.test(await context.url().catch(() => ''))) hubs.push(context);
    }
    const hub = oldest ? hubs[0] : hubs[hubs.length - 1];
    if (hub) {
      try {
        // Enabled once the hub's script has run (demo/hub.ts): a click before then would not redirect.
        await hub.waitFor('#grant:enabled', Math.max(1000, deadline - Date.now()));
        return hub;
      } catch (error) {
        // A popup of an earlier flow that was closing meanwhile: look again.
        if (!(await hub.gone())) throw error;
      }
    }
    if (Date.now() > deadline) throw new Error('no stand-in hub page opened');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** @param {Driver} driver @param {any} payload */
async function hubAction(driver, payload) {
  if (payload.action === 'count') return (await driver.popupUrls()).length; // popups still open
  if (payload.action === 'urls') return driver.popupUrls(); // for a failing test's message
  if (payload.action === 'close-all') return driver.closeAll().then(() => true);
  const hub = await findHub(driver, payload.timeout, payload.oldest);
  switch (payload.action) {
    case 'url':
      return hub.url();
    case 'submit':
      await hub.fill('#client', payload.client ?? 'demoClient01');
      await hub.fill('#channels', (payload.channels ?? []).join(','));
      await hub.fill('#revoked', (payload.revoked ?? []).join(','));
      await hub.setChecked('#encode', Boolean(payload.encode));
      await hub.click('#grant');
      return true;
    case 'post':
      // A message from inside our popup, but from the hub's origin: not a hand-back.
      await hub.evaluate(String((/** @type {unknown} */ message) => window.opener?.postMessage(message, '*')), payload.message);
      return true;
    case 'redirect':
      // The hub redirecting with a query of the test's choosing (malformed results).
      await hub.evaluate(
        String((/** @type {{ redirect?: string, query: string }} */ { redirect, query }) => {
          const url = redirect || new URLSearchParams(location.search).get('redirect_url');
          location.assign(`${url}${query}`);
        }),
        { redirect: payload.redirect, query: payload.query },
      );
      return true;
    case 'close-button':
      // The hub's own "Close window" button: window.close() from inside.
      await hub.click('#close', true);
      return true;
    case 'close':
      // As the client closing the window.
      await hub.closeWindow();
      return true;
    default:
      throw new Error(`unknown hub action ${payload.action}`);
  }
}

/** Runs `source` (a function's text) with `arg` in the page: every driver can evaluate a string. */
const call = (/** @type {string} */ source, /** @type {unknown} */ arg) => `(${source})(${JSON.stringify(arg ?? null)})`;

// ---------------------------------------------------------------------------------------------
// Playwright (Chromium)

/** @param {import('playwright').Page} page the test page @returns {Driver} */
function playwrightDriver(page) {
  const others = () => page.context().pages().filter((p) => p !== page && !p.isClosed());
  /** @param {import('playwright').Frame} frame @returns {Context} */
  const context = (frame) => ({
    url: async () => frame.url(),
    waitFor: async (selector, timeout) => void (await frame.waitForSelector(selector, { timeout })),
    fill: (selector, value) => frame.fill(selector, value),
    setChecked: (selector, checked) => frame.setChecked(selector, checked),
    click: (selector, closesWindow) =>
      // A click that closes the page it happens in, which Playwright may report as an error after the fact.
      frame.click(selector, { noWaitAfter: closesWindow }).catch((error) => {
        if (!closesWindow || !frame.page().isClosed()) throw error;
      }),
    evaluate: (source, arg) => frame.evaluate(call(source, arg)),
    closeWindow: () => frame.page().close(),
    gone: async () => frame.page().isClosed() || frame.isDetached(),
  });
  return {
    popupUrls: async () => others().map((p) => p.url()),
    closeAll: async () => (await Promise.all(others().map((p) => p.close()))).length,
    contexts: async () =>
      page
        .context()
        .pages()
        .filter((p) => !p.isClosed())
        .flatMap((p) => p.frames())
        .map(context),
    // Playwright's own reading of roles and names (the one behind getByRole and ariaSnapshot).
    accessible: (selector, role, name) => page.locator(selector).first().getByRole(/** @type {any} */ (role), { name, exact: true }).count(),
  };
}

// ---------------------------------------------------------------------------------------------
// puppeteer-core over WebDriver BiDi (Firefox)

/** @param {import('puppeteer-core').Page} page the test page @returns {Driver} */
function puppeteerDriver(page) {
  const others = async () => (await page.browserContext().pages()).filter((p) => p !== page && !p.isClosed());
  /** @param {import('puppeteer-core').Frame} frame @returns {Context} */
  const context = (frame) => ({
    url: async () => frame.url(),
    waitFor: async (selector, timeout) => void (await frame.waitForSelector(selector, { timeout })),
    fill: (selector, value) => frame.locator(selector).fill(value),
    setChecked: async (selector, checked) => {
      const now = await frame.$eval(selector, (element) => /** @type {HTMLInputElement} */ (element).checked);
      if (now !== checked) await frame.click(selector);
    },
    click: (selector, closesWindow) =>
      frame.click(selector).catch((error) => {
        if (!closesWindow || !frame.page().isClosed()) throw error;
      }),
    evaluate: (source, arg) => frame.evaluate(call(source, arg)),
    closeWindow: () => frame.page().close(),
    gone: async () => frame.page().isClosed() || frame.detached,
  });
  return {
    popupUrls: async () => (await others()).map((p) => p.url()),
    closeAll: async () => (await Promise.all((await others()).map((p) => p.close()))).length,
    contexts: async () => {
      const pages = [page, ...(await others())];
      return pages.flatMap((p) => p.frames()).map(context);
    },
    // Firefox's own accessibility tree, through BiDi's locateNodes (which does not look into shadow
    // roots from outside: so from the element and from its shadow root).
    accessible: async (selector, role, name) => {
      const host = await page.$(selector);
      if (!host) return 0;
      const shadow = /** @type {import('puppeteer-core').ElementHandle<Node>} */ (await host.evaluateHandle((element) => element.shadowRoot ?? element));
      let most = 0;
      for (const root of [host, shadow]) {
        let found = 0;
        for await (const node of /** @type {any} */ (root).queryAXTree(name, role)) found += node ? 1 : 0;
        most = Math.max(most, found);
      }
      return most;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// WebDriver (WebKitGTK). One current browsing context for the whole session: each action
// switches to where it acts and back to the test page before it returns, so that the runner
// and sendMouse find the test page current. Every call goes through one queue.

/**
 * WebKitGTK's driver finds no element of a frame of the test page interactable (the full-page
 * tests' hub, in an iframe), in view or not: there, the value is set and the click dispatched by
 * script, with the events typing and clicking would fire.
 * @param {unknown} error
 */
const notInteractable = (error) => /interactable|not focusable/i.test(String(/** @type {Error} */ (error)?.message));
/** @param {string} selector @param {string} value */
const SET_VALUE = (selector, value) => {
  const input = /** @type {HTMLInputElement} */ (document.querySelector(selector));
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
};
/** @param {string} selector */
const CLICK = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector)).click();
/** A click a task later, so that the command has returned before the page navigates or closes. @param {string} selector */
const CLICK_LATER = (selector) => void setTimeout(() => /** @type {HTMLElement} */ (document.querySelector(selector)).click());

/** @type {WeakMap<object, { main: string, order: string[], queue: Promise<unknown> }>} */
const webdriverState = new WeakMap();

/** @param {import('webdriverio').Browser} driver */
function stateOf(driver) {
  let state = webdriverState.get(driver);
  if (!state) {
    state = { main: '', order: [], queue: Promise.resolve() };
    webdriverState.set(driver, state);
  }
  return state;
}

/**
 * Runs `fn` after every earlier action of `driver`'s session, on the test page's context once
 * done. The runner's own commands (mouse, keys, the end of a file) go through it too
 * (test/server/browsers.mjs): one current window for the session, so a click meant for the test
 * page never lands in a popup a hub command switched to.
 * @template T @param {import('webdriverio').Browser} driver @param {() => Promise<T>} fn @returns {Promise<T>}
 */
export function onTestPage(driver, fn) {
  const s = stateOf(driver);
  const run = s.queue.then(async () => {
    if (!s.main) s.main = await driver.getWindowHandle();
    try {
      return await fn();
    } finally {
      await driver.switchToWindow(s.main).catch(() => {});
    }
  });
  // One step that never settles holds the queue a minute at most, not every later file's commands.
  const cap = new Promise((resolve) => setTimeout(resolve, 60000, 'capped').unref());
  s.queue = Promise.race([run, cap]).then(
    (outcome) => outcome === 'capped' && console.error('WebKit: a WebDriver step held the queue for 60 s; the next ones go ahead'),
    () => {},
  );
  return run;
}

/** @param {import('webdriverio').Browser} driver @returns {Driver} */
function webdriverDriver(driver) {
  const s = stateOf(driver);
  /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  const serial = (fn) => onTestPage(driver, fn);
  /**
   * Windows besides the test page that are still open, oldest first. WebDriver lists handles in no
   * fixed order, so the order is the order first seen; a window that closed may stay listed for
   * a while (~1.5 s), so each is checked by switching to it.
   * @returns {Promise<string[]>}
   */
  const others = async () => {
    const handles = await driver.getWindowHandles();
    // Windows first seen together: oldest first by when their document started loading (the
    // popups of two clicks load the hub in the order of the clicks).
    const fresh = [];
    for (const handle of handles) {
      if (s.order.includes(handle)) continue;
      let started = Infinity;
      try {
        await driver.switchToWindow(handle);
        started = Number(await driver.execute('return performance.timeOrigin'));
      } catch {
        // closed meanwhile
      }
      fresh.push({ handle, started });
    }
    fresh.sort((a, b) => a.started - b.started);
    s.order.push(...fresh.map(({ handle }) => handle));
    s.order = s.order.filter((handle) => handles.includes(handle));
    const open = [];
    for (const handle of s.order) {
      if (handle === s.main) continue;
      try {
        await driver.switchToWindow(handle);
        await driver.getUrl();
        open.push(handle);
      } catch {
        // closed meanwhile
      }
    }
    return open;
  };
  /** Waits until WebDriver no longer lists the window, as the other drivers do when close() resolves (5 s at most). @param {string} handle */
  const unlisted = async (handle) => {
    const deadline = Date.now() + 5000;
    while ((await driver.getWindowHandles()).includes(handle)) {
      if (Date.now() > deadline) return console.error(`WebKit: window ${handle} still listed 5 s after it closed`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** @param {string} handle @param {number | undefined} frame the index of a frame in it (window.frames), or the top @returns {Context} */
  const context = (handle, frame) => {
    /** Switches to this context, the frame scrolled into view (WebDriver acts only on what is in view). */
    const enter = async () => {
      await driver.switchToWindow(handle);
      if (frame === undefined) return;
      await driver.execute(
        (index) => [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === window.frames[/** @type {number} */ (index)])?.scrollIntoView({ block: 'start' }),
        frame,
      );
      await driver.switchToFrame(frame);
    };
    /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
    const inside = (fn) => serial(async () => (await enter(), fn()));
    return {
      url: () => inside(async () => String(await driver.execute('return location.href'))),
      waitFor: (selector, timeout) => inside(() => driver.$(selector).waitForExist({ timeout }).then(() => {})),
      fill: (selector, value) =>
        inside(async () => {
          const element = await driver.$(selector);
          try {
            await element.clearValue();
            if (value) await element.setValue(value);
          } catch (error) {
            if (!notInteractable(error)) throw error;
            await driver.execute(SET_VALUE, selector, value);
          }
        }),
      setChecked: (selector, checked) =>
        inside(async () => {
          const element = await driver.$(selector);
          if ((await element.isSelected()) === checked) return;
          await element.click().catch((error) => {
            if (!notInteractable(error)) throw error;
            return driver.execute(CLICK, selector);
          });
        }),
      // By script: WebKitWebDriver's click waits for the navigation it starts, and sometimes never
      // returns when that page closes its window (the redirect page handing back), holding every
      // later command of the session (docs/development.md, "Tests that failed once"). A click that closes its own
      // window starts no navigation: it runs at once, and resolves once the window is gone.
      click: (selector, closesWindow) =>
        inside(async () => {
          await driver.$(selector).waitForExist({ timeout: 1000 });
          if (!closesWindow) return void (await driver.execute(CLICK_LATER, selector));
          await driver.execute(CLICK, selector).catch(() => {}); // the window may close under the command
          await unlisted(handle);
        }),
      evaluate: (source, arg) => inside(() => driver.execute(`return ${call(source, arg)}`)),
      closeWindow: () =>
        serial(async () => {
          await driver.switchToWindow(handle);
          await driver.closeWindow();
          await unlisted(handle);
        }),
      gone: () =>
        serial(async () => {
          try {
            await enter();
            await driver.getUrl();
            return false;
          } catch {
            return true;
          }
        }),
    };
  };
  return {
    popupUrls: () =>
      serial(async () => {
        const urls = [];
        for (const handle of await others()) {
          try {
            await driver.switchToWindow(handle);
            urls.push(await driver.getUrl());
          } catch {
            // closed since others() looked: no longer open
          }
        }
        return urls;
      }),
    closeAll: () =>
      serial(async () => {
        const open = await others();
        for (const handle of open) {
          await driver.switchToWindow(handle).catch(() => {});
          await driver.closeWindow().catch(() => {});
        }
        return open.length;
      }),
    contexts: () =>
      serial(async () => {
        /** @type {Context[]} */
        const found = [];
        for (const handle of [s.main, ...(await others())]) {
          found.push(context(handle, undefined));
          await driver.switchToWindow(handle);
          const frames = Number(await driver.execute('return window.frames.length').catch(() => 0));
          for (let index = 0; index < frames; index += 1) found.push(context(handle, index));
        }
        return found;
      }),
    // WebKit's own reading, through WebDriver's computed role and label of each element in it.
    accessible: (selector, role, name) =>
      serial(async () => {
        const elements = /** @type {any[]} */ (
          await driver.execute((sel) => {
            const host = document.querySelector(/** @type {string} */ (sel));
            if (!host) return [];
            return [host, ...host.querySelectorAll('*'), ...(host.shadowRoot ? host.shadowRoot.querySelectorAll('*') : [])];
          }, selector)
        );
        let found = 0;
        for (const reference of elements) {
          const element = await driver.$(reference);
          if ((await element.getComputedRole()) === role && (await element.getComputedLabel()) === name) found += 1;
        }
        return found;
      }),
  };
}

/** The driver of the session's browser, whichever kind it is. @param {any} session @returns {Driver} */
function driverFor(session) {
  const browser = session.browser;
  if (browser.type === 'playwright') return playwrightDriver(browser.getPage(session.id));
  if (browser.type === 'puppeteer') return puppeteerDriver(browser.getPage(session.id));
  if (browser.type === 'webdriver') return webdriverDriver(browser.driver);
  throw new Error(`hub commands: no backend for browser type ${browser.type}`);
}

export function hubCommands() {
  return {
    name: 'hub-commands',
    /** @param {{ command: string, payload: any, session: any }} args */
    async executeCommand({ command, payload, session }) {
      if (command === 'engine') {
        // Which browser runs this test, and where Chromium came from (test/server/browsers.mjs).
        return { type: session.browser.type, name: session.browser.name, chromiumFrom: process.env.TEST_CHROMIUM_FROM };
      }
      if (command === 'accessible') {
        // What assistive technology is told about an element: role and name.
        return driverFor(session).accessible(payload.selector, payload.role, payload.name);
      }
      if (command !== 'hub') return undefined;
      return hubAction(driverFor(session), payload);
    },
  };
}

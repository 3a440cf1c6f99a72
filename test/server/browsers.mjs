// @ts-check
/**
 * Which browsers `npm test` runs in, and how each is launched.
 *
 * - Chromium, always: `CHROME_PATH`, else a Chrome or Chromium installed in the usual places, else
 *   the Chromium that the npm package @sparticuz/chromium ships inside itself (Linux, x64 or arm64),
 *   so a machine with Node and no browser needs nothing but `npm install`. Driven by Playwright.
 * - Firefox, when found: `FIREFOX_PATH`, else the usual places (Debian's firefox-esr). Driven by
 *   puppeteer-core over WebDriver BiDi; no geckodriver.
 * - WebKit, when found: WebKitGTK's `WebKitWebDriver` (`WEBKIT_DRIVER_PATH`) and its MiniBrowser
 *   (`MINIBROWSER_PATH`), under Xvfb when there is no display (MiniBrowser has no headless mode).
 *
 * `TEST_ENGINES=chromium,firefox` picks engines; an engine named there that is not found is an
 * error, not a skip. `TEST_SYSTEM_BROWSERS=none` ignores every installed browser (what a machine
 * without one sees: Chromium comes from the package, Firefox and WebKit are not run).
 *
 * Every engine runs as it ships: popup blocker on, third-party storage partitioning on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const root = fileURLToPath(new URL('../..', import.meta.url));
const systemBrowsers = process.env.TEST_SYSTEM_BROWSERS !== 'none';
const isRoot = process.getuid?.() === 0;

/** The first of `paths` that exists. @param {string[]} paths */
const firstExisting = (paths) => paths.find((path) => existsSync(path));

/** A TCP port that is free now (the OS picks it). @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** @returns {Promise<{ path: string, from: string }>} */
export async function findChromium() {
  if (process.env.CHROME_PATH) return { path: process.env.CHROME_PATH, from: 'CHROME_PATH' };
  const installed =
    systemBrowsers &&
    firstExisting([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
  if (installed) return { path: installed, from: 'installed' };
  if (process.platform !== 'linux') {
    throw new Error('No Chrome or Chromium found: install one, or set CHROME_PATH to its executable.');
  }
  // The package's Chromium, unpacked on first use. The package unpacks into os.tmpdir(), which
  // every user of the machine shares (and its file is the unpacking user's only): unpack it into
  // this checkout instead.
  const { default: chromium } = await import('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules/@sparticuz/chromium/package.json'), 'utf8'));
  const dir = join(root, 'node_modules', '.cache', `sparticuz-chromium-${version}`);
  mkdirSync(dir, { recursive: true });
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return { path: await chromium.executablePath(), from: '@sparticuz/chromium' };
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
}

function findFirefox() {
  if (process.env.FIREFOX_PATH) return { path: process.env.FIREFOX_PATH, from: 'FIREFOX_PATH' };
  const installed =
    systemBrowsers && firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox']);
  return installed ? { path: installed, from: 'installed' } : undefined;
}

function findWebKit() {
  const driver = process.env.WEBKIT_DRIVER_PATH || (systemBrowsers ? firstExisting(['/usr/bin/WebKitWebDriver']) : undefined);
  let browser = process.env.MINIBROWSER_PATH;
  if (!browser && systemBrowsers) {
    // Debian and Ubuntu: /usr/lib/<triplet>/webkit2gtk-4.1/MiniBrowser; Fedora: /usr/libexec/webkit2gtk-4.1/.
    const dirs = ['/usr/lib', '/usr/libexec', '/usr/lib64'].flatMap((base) => {
      if (!existsSync(base)) return [];
      const triplets = readdirSync(base).filter((name) => name.includes('-linux-'));
      return [base, ...triplets.map((name) => join(base, name))];
    });
    browser = firstExisting(
      dirs.flatMap((dir) => ['webkitgtk-6.0', 'webkit2gtk-4.1', 'webkit2gtk-4.0'].map((name) => join(dir, name, 'MiniBrowser'))),
    );
  }
  if (!driver || !browser) return undefined;
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !firstExisting(['/usr/bin/Xvfb'])) return undefined;
  return { driver, browser };
}

/**
 * Xvfb on a free display, for as long as this process lives.
 * @returns {Promise<string>} the DISPLAY value
 */
function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display number and writes it on fd 3.
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    xvfb.stderr?.on('data', (chunk) => (err += chunk));
    /** @type {import('node:stream').Readable} */ (xvfb.stdio[3]).on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err}`)));
    process.on('exit', () => xvfb.kill());
  });
}

/**
 * A process that lives as long as this one, started once something needs it.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env
 */
function startForever(command, args, env) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let err = '';
  child.stderr?.on('data', (chunk) => (err = (err + chunk).slice(-4000)));
  child.on('exit', (code) => {
    if (code) console.error(`${command} exited (${code}): ${err}`);
  });
  process.on('exit', () => child.kill());
  /** The last 4,000 characters it wrote to stderr. */
  return () => err;
}

/** Waits until something listens on 127.0.0.1:port. @param {number} port */
async function listening(port, timeout = 10000) {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A click in a frame (the full-page tests' hub) needs the frame's element. puppeteer-core 24 asks
 * BiDi's locateNodes for it by a 'context' locator, which Firefox ESR 140 refuses (153 takes it):
 * there, the parent's frames are asked which one holds this frame's window. Patched once per class.
 * @param {import('puppeteer-core').Frame} frame
 */
function patchFrameElement(frame) {
  const proto = /** @type {{ frameElement(): Promise<unknown>, patched?: true }} */ (Object.getPrototypeOf(frame));
  if (proto.patched) return;
  proto.patched = true;
  const frameElement = proto.frameElement;
  proto.frameElement = async function () {
    const self = /** @type {import('puppeteer-core').Frame} */ (this);
    try {
      return await frameElement.call(self);
    } catch (error) {
      if (!/locator\.type/.test(String(error))) throw error;
      for (const element of (await self.parentFrame()?.$$('iframe, frame')) ?? []) {
        if ((await element.contentFrame()) === self) return element;
        await element.dispose();
      }
      return null;
    }
  };
}

/** Playwright's Chromium, with its blocker-off and partitioning-off defaults taken back. */
async function chromiumLauncher() {
  const { playwrightLauncher } = await import('@web/test-runner-playwright');
  const { chromium } = await import('playwright');
  const found = await findChromium();
  process.env.TEST_CHROMIUM_FROM = found.from; // for the 'engine' server command
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // Root cannot use Chromium's sandbox; the package's Chromium ships no sandbox helper.
    ...(isRoot || found.from === '@sparticuz/chromium' ? ['--no-sandbox'] : []),
  ];
  // Playwright adds --disable-popup-blocking, and a --disable-features list that switches
  // ThirdPartyStoragePartitioning off (playwright issue 32230) among other features Chromium
  // ships on. Ask this Playwright which switches it adds, and drop both: Chromium as it ships.
  // (test/engines.test.ts proves the partitioning; with Playwright's list it fails.)
  const defaults = await defaultChromiumArgs(chromium, found.path, args);
  const ignoreDefaultArgs = ['--disable-popup-blocking', ...defaults.filter((arg) => arg.startsWith('--disable-features='))];
  return {
    found,
    launcher: playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: found.path, args, ignoreDefaultArgs } }),
  };
}

/**
 * The switches this Playwright passes to Chromium, read off a Chromium it launched.
 * @param {import('playwright').BrowserType} chromium @param {string} executablePath @param {string[]} args
 * @returns {Promise<string[]>}
 */
async function defaultChromiumArgs(chromium, executablePath, args) {
  // (Chromium tells its command line only when automated.)
  const browser = await chromium.launch({ executablePath, args: [...args, '--enable-automation'] });
  try {
    const session = await browser.newBrowserCDPSession();
    const { arguments: argv } = /** @type {{ arguments: string[] }} */ (await session.send('Browser.getBrowserCommandLine'));
    return argv;
  } finally {
    await browser.close();
  }
}

/** Firefox as it ships, over WebDriver BiDi (puppeteer-core, through wtr's Chrome launcher). */
async function firefoxLauncher() {
  const found = findFirefox();
  if (!found) return undefined;
  const { chromeLauncher } = await import('@web/test-runner-chrome');
  const puppeteer = await import('puppeteer-core');
  /** Test pages this launcher made. @type {WeakSet<object>} */
  const opened = new WeakSet();
  return {
    found,
    launcher: chromeLauncher({
      puppeteer: /** @type {any} */ (puppeteer.default ?? puppeteer),
      // Firefox starts with a blank tab of its own; close it, so that every window besides the
      // test page is one the tests opened (the hub commands count them).
      createPage: async ({ context }) => {
        const page = await context.newPage();
        for (const other of await context.pages()) if (other !== page && !opened.has(other)) await other.close();
        opened.add(page);
        // wtr sets an 800×600 viewport before each file; puppeteer-core 24 sends the screen
        // orientation with it, a command Firefox ESR 140 does not know (153 does), and the
        // viewport itself is set by a command of its own, so only that refusal is let go.
        const setViewport = page.setViewport.bind(page);
        page.setViewport = async (viewport) => {
          try {
            await setViewport(viewport);
          } catch (error) {
            if (!/unknown command emulation\.setScreenOrientationOverride/.test(String(error))) throw error;
          }
        };
        patchFrameElement(page.mainFrame());
        return page;
      },
      launchOptions: {
        browser: 'firefox',
        executablePath: found.path,
        headless: true,
        extraPrefsFirefox: {
          // puppeteer's profile switches the popup blocker off and cookieBehavior to 0 (no
          // partitioning): back to what Firefox ships (blocker on, Total Cookie Protection).
          'dom.disable_open_during_load': true,
          'browser.contentblocking.features.standard': '-tp,tpPrivate,cookieBehavior5,cookieBehaviorPBM5,-cryptoTP,-fp',
          'network.cookie.cookieBehavior': 5,
        },
      },
    }),
  };
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver, on a free port, under Xvfb when needed. */
async function webkitLauncher() {
  const webkit = findWebKit();
  if (!webkit) return undefined;
  const found = webkit;
  const { WebdriverLauncher } = await import('@web/test-runner-webdriver');
  const port = await freePort();
  const capabilities = {
    browserName: 'MiniBrowser',
    // WebDriver classic: webdriverio 9 asks for BiDi (webSocketUrl) otherwise, which WebKitWebDriver has not.
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: found.browser, args: ['--automation'] },
  };
  const { onTestPage } = await import('./hub-commands.mjs');
  class WebKitLauncher extends WebdriverLauncher {
    /** @override @param {any} config */
    async initialize(config) {
      const env = { ...process.env };
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) env.DISPLAY = await startXvfb();
      this.driverLog = startForever(found.driver, [`--port=${port}`, '--host=127.0.0.1'], env);
      await listening(port);
      await super.initialize(config);
      this.name = 'WebKit';
    }

    /**
     * MiniBrowser sometimes dies under load ("invalid session id" for every command after): the
     * test file that saw it fails, and the next one starts a new session instead of the whole
     * WebKit run ending. The driver's log says why.
     * @override @param {string} id @param {string} url
     */
    async startSession(id, url) {
      const driver = /** @type {{ driver?: import('webdriverio').Browser }} */ (/** @type {unknown} */ (this)).driver; // private in its types
      if (driver && !(await driver.getTitle().then(() => true, () => false))) {
        console.error(`WebKit: the WebDriver session died; a new one starts. WebKitWebDriver's log ends:\n${this.driverLog?.() || '(nothing)'}`);
        await this.stop();
        // stop() forgets the driver only when deleting the dead session did not throw.
        Object.assign(this, { driver: undefined, driverManager: undefined });
      }
      return super.startSession(id, url);
    }
  }
  // The runner's mouse, keys and end-of-file commands wait for the hub commands before them and
  // act on the test page (hub-commands.mjs, `onTestPage`).
  const proto = /** @type {Record<string, Function>} */ (/** @type {unknown} */ (WebKitLauncher.prototype));
  for (const name of ['sendMouseMove', 'sendMouseClick', 'sendMouseDown', 'sendMouseUp', 'resetMouse', 'sendKeys', 'stopSession']) {
    const own = proto[name];
    /** @this {{ driver: import('webdriverio').Browser }} @param {unknown[]} args */
    proto[name] = function (...args) {
      return onTestPage(this.driver, () => own.apply(this, args));
    };
  }
  return {
    found: { path: `${found.driver} + ${found.browser}`, from: process.env.WEBKIT_DRIVER_PATH ? 'WEBKIT_DRIVER_PATH' : 'installed' },
    launcher: new WebKitLauncher({ hostname: '127.0.0.1', port, path: '/', automationProtocol: 'webdriver', logLevel: 'error', capabilities }),
  };
}

/** The launchers for this run, Chromium first. */
export async function browsers() {
  const wanted = (process.env.TEST_ENGINES || ENGINES.join(',')).split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const explicit = Boolean(process.env.TEST_ENGINES);
  for (const name of wanted) if (!ENGINES.includes(name)) throw new Error(`TEST_ENGINES: unknown engine ${name} (${ENGINES.join(', ')})`);
  /** @type {Record<string, () => Promise<{ found: { path: string, from: string }, launcher: any } | undefined>>} */
  const make = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: webkitLauncher };
  const launchers = [];
  for (const name of ENGINES.filter((engine) => wanted.includes(engine) || (!explicit && engine === 'chromium'))) {
    const made = await make[name]();
    if (!made) {
      if (explicit) throw new Error(`TEST_ENGINES names ${name}, and it is not installed (see test/server/browsers.mjs)`);
      console.log(`${name}: not found, not run (see docs/development.md, "Tests")`);
      continue;
    }
    console.log(`${name}: ${made.found.path} (${made.found.from})`);
    launchers.push(made.launcher);
  }
  return launchers;
}

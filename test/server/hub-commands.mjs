// @ts-check
/**
 * Server commands that act in the stand-in hub as a person would: the hub
 * runs on the other origin, so the test page cannot script it; Playwright can.
 * From a test: `executeServerCommand('hub', { action: 'submit', … })`.
 */

/** @typedef {import('playwright').Page} Page */
/** @typedef {import('playwright').Frame} Frame */

const HUB_URL = /\/demo\/(?:isolated-)?hub\/[^/]+\/permissions/;

/**
 * The newest hub page (the oldest with `oldest`): a popup of the test page's context, or a frame in it.
 * @param {Page} page the test page
 * @param {number} timeout ms
 * @param {boolean} [oldest]
 * @returns {Promise<Frame>}
 */
async function findHub(page, timeout = 5000, oldest = false) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = page
      .context()
      .pages()
      .filter((p) => !p.isClosed())
      .flatMap((p) => p.frames())
      .filter((frame) => HUB_URL.test(frame.url()));
    const hub = oldest ? frames[0] : frames[frames.length - 1];
    if (hub) {
      try {
        await hub.waitForSelector('#grant');
        return hub;
      } catch (error) {
        // A popup of an earlier flow that was closing meanwhile: look again.
        if (!hub.page().isClosed() && !hub.isDetached()) throw error;
      }
    }
    if (Date.now() > deadline) throw new Error('no stand-in hub page opened');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function hubCommands() {
  return {
    name: 'hub-commands',
    /** @param {{ command: string, payload: any, session: any }} args */
    async executeCommand({ command, payload, session }) {
      if (command === 'aria-snapshot') {
        // What assistive technology is told about the element: role, name, states.
        return session.browser.getPage(session.id).locator(payload.selector).first().ariaSnapshot();
      }
      if (command !== 'hub') return undefined;
      /** @type {Page} */
      const page = session.browser.getPage(session.id);
      const others = page.context().pages().filter((p) => p !== page && !p.isClosed());
      if (payload.action === 'count') return others.length; // popups still open
      if (payload.action === 'urls') return others.map((p) => p.url()); // for a failing test's message
      if (payload.action === 'close-all') return Promise.all(others.map((p) => p.close())).then(() => true);
      const hub = await findHub(page, payload.timeout, payload.oldest);
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
          await hub.evaluate((message) => window.opener?.postMessage(message, '*'), payload.message);
          return true;
        case 'redirect':
          // The hub redirecting with a query of the test's choosing (malformed results).
          await hub.evaluate(({ redirect, query }) => {
            const url = redirect || new URLSearchParams(location.search).get('redirect_url');
            location.assign(`${url}${query}`);
          }, { redirect: payload.redirect, query: payload.query });
          return true;
        case 'close-button':
          // The hub's own "Close window" button: window.close() from inside. The click closes the
          // page it happens in, which Playwright may report as an error after the fact.
          await hub.click('#close', { noWaitAfter: true }).catch((error) => {
            if (!hub.page().isClosed()) throw error;
          });
          return true;
        case 'close':
          // As the client closing the window.
          await hub.page().close();
          return true;
        default:
          throw new Error(`unknown hub action ${payload.action}`);
      }
    },
  };
}

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
 * The newest hub page: a popup of the test page's context, or a frame in it.
 * @param {Page} page the test page
 * @param {number} timeout ms
 * @returns {Promise<Frame>}
 */
async function findHub(page, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = page
      .context()
      .pages()
      .flatMap((p) => p.frames())
      .filter((frame) => HUB_URL.test(frame.url()));
    const hub = frames[frames.length - 1];
    if (hub) {
      await hub.waitForSelector('#grant');
      return hub;
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
      if (command !== 'hub') return undefined;
      /** @type {Page} */
      const page = session.browser.getPage(session.id);
      const hub = await findHub(page, payload.timeout);
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
        case 'close-button':
          // The hub's own "Close window" button: window.close() from inside.
          await hub.click('#close');
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

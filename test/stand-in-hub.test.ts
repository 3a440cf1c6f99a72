/**
 * The stand-in permissions screen (demo/hub.html) that the flow tests and the demo drive: a test
 * of the harness, so that a flow test failing says something about the library.
 */
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { ISOLATED_HUB, STAND_IN_HUB, eventually, frameAt, hub } from './helpers.js';

describe('the stand-in hub', () => {
  it('cuts a popup off from its opener only as the isolated hub, also when the isolated hub was served first', async () => {
    // test/server/check-stand-in.mjs checks the headers; this is what the browser makes of them.
    const popups: (Window | null)[] = [];
    const trigger = document.createElement('button');
    trigger.textContent = 'open';
    trigger.style.cssText = 'position:fixed;left:0;top:0;width:120px;height:40px';
    document.body.append(trigger);
    try {
      for (const base of [ISOLATED_HUB, STAND_IN_HUB]) {
        const url = `${base}/kind${popups.length}/permissions`;
        trigger.onclick = () => popups.push(window.open(url, `kind${popups.length}`, 'width=600,height=900'));
        await sendMouse({ type: 'click', position: [60, 20] }); // a real click: popup blockers are on
        await eventually(async () => (await hub('url')).includes(`/kind${popups.length - 1}/`), `the hub at ${base} loads`);
      }
      // `closed` reads true at once for a popup COOP moved to another browsing context group.
      expect(popups.map((popup) => popup?.closed)).to.deep.equal([true, false]);
    } finally {
      trigger.remove();
    }
  });

  it('offers its grant button only once its script runs: a click before then submits the form to the hub itself, and no redirect page runs', async () => {
    const served = new DOMParser().parseFromString(await (await fetch('/demo/hub.html')).text(), 'text/html');
    expect(served.querySelector<HTMLButtonElement>('#grant')?.disabled, 'as served').to.equal(true);
    // `load` fires after the page's module ran.
    const page = (await frameAt('/demo/hub/p1/permissions?state=s1')).contentDocument!;
    expect(page.querySelector<HTMLButtonElement>('#grant')?.disabled, 'once its script ran').to.equal(false);
    expect(page.getElementById('received')?.textContent, 'the script ran').to.contain('s1');
  });
});

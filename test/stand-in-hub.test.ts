/**
 * The stand-in permissions screen (demo/hub.html) that the flow tests and the demo drive: a test
 * of the harness, so that a flow test failing says something about the library.
 */
import { expect } from '@open-wc/testing';
import { ISOLATED_HUB, STAND_IN_HUB, clickToOpen, eventually, frameAt, hub } from './helpers.js';

describe('the stand-in hub', () => {
  it('cuts a popup off from its opener at the isolated hub only: a plain hub opened after one is not', async () => {
    // What the browsers make of the headers. test/server/check-stand-in.mjs is the guard for the
    // server's cache: this test catches that bug only when its isolated hub is the first hub the
    // run serves (the file run alone), since whichever kind the server cached first decided it.
    const popups: (Window | null)[] = [];
    for (const base of [ISOLATED_HUB, STAND_IN_HUB]) {
      const name = `kind${popups.length}`;
      popups.push(await clickToOpen(() => window.open(`${base}/${name}/permissions`, name, 'width=600,height=900'))); // a real click: popup blockers are on
      await eventually(async () => (await hub('url')).includes(`/${name}/`), `the hub at ${base} loads`);
    }
    // `closed` reads true at once for a popup COOP moved to another browsing context group.
    expect(popups.map((popup) => popup?.closed)).to.deep.equal([true, false]);
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

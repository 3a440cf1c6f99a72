/**
 * The stand-in permissions screen (demo/hub.html) that the flow tests and the demo drive: a test
 * of the harness, so that a flow test failing says something about the library.
 */
import { expect } from '@open-wc/testing';
import { frameAt } from './helpers.js';

describe('the stand-in hub', () => {
  it('offers its grant button only once its script runs: a click before then submits the form to the hub itself, and no redirect page runs', async () => {
    const served = new DOMParser().parseFromString(await (await fetch('/demo/hub.html')).text(), 'text/html');
    expect(served.querySelector<HTMLButtonElement>('#grant')?.disabled, 'as served').to.equal(true);
    // `load` fires after the page's module ran.
    const page = (await frameAt('/demo/hub/p1/permissions?state=s1')).contentDocument!;
    expect(page.querySelector<HTMLButtonElement>('#grant')?.disabled, 'once its script ran').to.equal(false);
    expect(page.getElementById('received')?.textContent, 'the script ran').to.contain('s1');
  });
});

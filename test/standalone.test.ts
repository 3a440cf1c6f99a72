/**
 * dist/dialog-onboarding.js alone (Lit's ReactiveElement inside, no bare imports), as a CDN
 * user loads it: a plain page with the button, a plain redirect page with the
 * callback, the whole flow through a real popup. Then the package's one-element entries as
 * published (dist/button.js, dist/callback.js). `npm test` builds them first.
 */
import { expect } from '@open-wc/testing';
import { eventually, frameAt, hub, realClick } from './helpers.js';

type Recorded = Array<{ type: string; detail: { client: string; channels: string[] } }>;

describe('standalone bundle', () => {
  it('has no bare module imports left to resolve', async () => {
    const source = await (await fetch('/dist/dialog-onboarding.js')).text();
    expect(source).to.not.match(/\bfrom\s*["'](?![./])/);
    expect(source).to.not.match(/\bimport\s*\(?\s*["'](?![./])/);
    expect(source).to.contain('dialog-onboarding-button');
    // One file: nothing is loaded later.
    expect(source).to.not.match(/\bimport\s*\(/);
  });

  it('loads beside another copy of the library without a define crash; the first definition stays', async () => {
    await import('../src/index.js');
    const first = customElements.get('dialog-onboarding-button');
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    await import(/* @vite-ignore */ `${location.origin}/dist/dialog-onboarding.js`);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(customElements.get('dialog-onboarding-button')).to.equal(first);
    expect(customElements.get('dialog-onboarding-callback')).to.not.equal(undefined);
  });

  it('runs the whole flow on a plain page that loads only the bundle, per-attempt parameters included', async () => {
    const frame = await frameAt('/test/fixtures/standalone.html', 'dialog-onboarding-button');
    const page = frame.contentWindow!;
    const button = page.document.querySelector('dialog-onboarding-button')!;
    button.setAttribute('parameters-url', `/test/api/parameters?body=${encodeURIComponent(JSON.stringify({ state: 'cdnState' }))}`);
    await button.updateComplete;
    await realClick(button);
    await eventually(async () => (await hub('count')) === 1 && new URL(await hub('url')).searchParams.get('state') === 'cdnState', 'the hub opens with the prepared parameters');
    await hub('submit', { client: 'cdnClient', channels: ['cdnCh'] });
    const recorded = () => (page as unknown as { recorded: Recorded }).recorded;
    await eventually(() => recorded().length > 0, 'the page reports the result');
    expect(recorded().map(({ type, detail }) => [type, detail.client, detail.channels])).to.deep.equal([['onboarded', 'cdnClient', ['cdnCh']]]);
    const loaded = page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    expect(loaded.filter((path) => path.startsWith('/dist/')), 'what the page loaded of the package').to.deep.equal(['/dist/dialog-onboarding.js']);
    frame.remove();
  });

  for (const [what, query] of [
    ['', ''],
    [', with a policy list that allows lit-html (trusted-types myapp lit-html)', '?policies=myapp%20lit-html'],
  ] as const) {
  it(`works on pages that enforce Trusted Types${what}: the flow runs on both pages, without violations`, async function () {
    // Skipped where the engine has no Trusted Types (Firefox before 145, so ESR 140): nothing enforces them there.
    if (!('trustedTypes' in window)) this.skip();
    const frame = await frameAt(`/test/fixtures/trusted-types.html${query}`);
    const page = frame.contentWindow! as Window & { recorded: Recorded; violations: string[] };
    // The policy is in force: a string given to innerHTML throws there (a TypeError, whose text
    // each engine words its own way: Chromium names 'TrustedHTML', Firefox says 'Sink type mismatch').
    // (By name: which realm's TypeError it is differs between engines too.)
    const thrown = (() => {
      try {
        page.document.body.innerHTML = '<b>probe</b>';
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(thrown?.name, 'what innerHTML threw').to.equal('TypeError');
    // ... and its violations are recorded (the event comes a little later), so none below means none.
    await eventually(() => page.violations.length === 1, 'the probe is recorded as a violation');
    expect(page.violations[0]).to.match(/^require-trusted-types-for/);
    page.violations.length = 0;
    await eventually(() => page.customElements.get('dialog-onboarding-button'), 'the bundle defines the button');
    const button = page.document.querySelector('dialog-onboarding-button')!;
    await eventually(() => button.shadowRoot?.querySelector('button'), 'the button renders');
    await realClick(button);
    await hub('submit', { client: 'ttClient', channels: ['ttCh'] });
    await eventually(() => page.recorded.length > 0, 'the page reports the result');
    expect(page.recorded.map(({ type, detail }) => [type, detail.client, detail.channels])).to.deep.equal([['onboarded', 'ttClient', ['ttCh']]]);
    expect(page.violations).to.deep.equal([]);
    frame.remove();
  });
  }

  it('does not load on a page whose policy list leaves lit-html out (trusted-types myapp), as the README says', async function () {
    // Skipped where the engine has no Trusted Types (Firefox ESR 140): no policy list is enforced there.
    if (!('trustedTypes' in window)) this.skip();
    const frame = await frameAt('/test/fixtures/trusted-types.html?policies=myapp');
    const page = frame.contentWindow! as Window & { violations: string[] };
    await eventually(() => page.violations.some((violation) => violation.startsWith('trusted-types')), 'lit-html\'s policy is refused');
    expect(page.customElements.get('dialog-onboarding-button')).to.equal(undefined);
    frame.remove();
  });

  for (const withNonce of [true, false]) {
    it(`${withNonce ? 'is styled' : 'shows unstyled, as the README warns,'} under a strict style-src without constructable stylesheets ${withNonce ? 'when the page sets window.litNonce' : 'without window.litNonce'}`, async () => {
      const frame = await frameAt(`/test/fixtures/style-nonce.html${withNonce ? '?nonce' : ''}`);
      const page = frame.contentWindow! as Window & { violations: string[] };
      const button = page.document.querySelector('dialog-onboarding-button')!;
      await eventually(() => button.shadowRoot?.querySelector('button'), 'the button renders');
      const inner = button.shadowRoot!.querySelector('button')!;
      expect(button.shadowRoot!.querySelector('style'), 'Lit fell back to a <style> element').to.not.equal(null);
      const background = page.getComputedStyle(inner).backgroundColor;
      if (withNonce) {
        expect(background).to.equal('rgb(0, 128, 105)');
        expect(page.violations).to.deep.equal([]);
      } else {
        expect(background).to.not.equal('rgb(0, 128, 105)');
        await eventually(() => page.violations.length > 0, 'the policy reports the blocked <style>');
      }
      frame.remove();
    });
  }
});

describe('the package\'s one-element entries', () => {
  it('runs the whole flow with the one-element entries: dist/button.js on the page, dist/callback.js on the redirect page, which loads nothing of the button', async () => {
    localStorage.removeItem('entry-callback:loaded');
    const frame = await frameAt('/test/fixtures/entry-button.html', 'dialog-onboarding-button');
    const page = frame.contentWindow! as Window & { recorded: Recorded };
    expect(page.customElements.get('dialog-onboarding-callback'), 'the callback, on the button page').to.equal(undefined);
    await realClick(page.document.querySelector('dialog-onboarding-button')!);
    await hub('submit', { client: 'entryClient', channels: ['entryCh'] });
    await eventually(() => page.recorded.length > 0, 'the page reports the result');
    expect(page.recorded.map(({ type, detail }) => [type, detail.client, detail.channels])).to.deep.equal([['onboarded', 'entryClient', ['entryCh']]]);
    const redirectPage = JSON.parse(localStorage.getItem('entry-callback:loaded') ?? 'null') as { loaded: string[]; button: boolean } | null;
    expect(redirectPage, 'the redirect page recorded what it loaded').to.not.equal(null);
    expect(redirectPage!.button, 'the button, on the redirect page').to.equal(false);
    expect(redirectPage!.loaded).to.include('/dist/callback.js');
    expect(redirectPage!.loaded).to.not.include('/dist/dialog-onboarding-button.js');
    expect(redirectPage!.loaded).to.not.include('/dist/index.js');
    localStorage.removeItem('entry-callback:loaded');
    frame.remove();
  });
});

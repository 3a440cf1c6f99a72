/**
 * The button in a Svelte 5 app: `ononboarded={…}` runs the app's handler with
 * the result, `queryParameters={{ email }}` reaches the hub, through a real
 * popup flow. The test server compiles App.svelte (test/server/svelte-plugin.mjs).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { mount, unmount } from 'svelte';
import type { SvelteHTMLElements } from 'svelte/elements';
import type {} from '../../src/frameworks/svelte.js';
import { CALLBACK_URL, STAND_IN_HUB, hub, realClick } from '../helpers.js';
import App from './App.svelte';

describe('in Svelte 5', () => {
  let target: HTMLElement;
  let app: ReturnType<typeof mount> | undefined;

  beforeEach(() => {
    target = document.createElement('div');
    document.body.append(target);
  });

  afterEach(async () => {
    if (app) await unmount(app);
    app = undefined;
    target.remove();
  });

  it('runs the ononboarded handler with the result and sends queryParameters to the hub', async () => {
    app = mount(App, { target, props: { hubUrl: STAND_IN_HUB, redirectUrl: CALLBACK_URL, email: 'a+b@example.com' } });
    const button = target.querySelector('dialog-onboarding-button')!;
    await button.updateComplete;
    expect(button.queryParameters).to.deep.equal({ email: 'a+b@example.com' });

    await realClick(button);
    const url = new URL(await hub('url'));
    expect(url.pathname).to.contain('/partnerSvelte/permissions');
    expect(url.search).to.contain('email=a%2Bb%40example.com');

    await hub('submit', { client: 'clientSvelte', channels: ['chS1', 'chS2'] });
    await waitUntil(() => target.querySelector('.result'), 'the Svelte handler renders the result', { timeout: 5000 });
    expect(target.querySelector('.result')!.textContent).to.equal('clientSvelte: chS1, chS2');
  });
});

// Compile-time checks of src/frameworks/svelte.ts: what svelte-check sees for
// `<dialog-onboarding-button …>` in a template. `tsc -p .` fails if they break.
export const typed: SvelteHTMLElements['dialog-onboarding-button'] = {
  'partner-id': 'p',
  queryParameters: { email: 'a@example.com' },
  ononboarded: (event) => event.detail.channels satisfies string[],
  'ononboarding-cancel': (event) => event.currentTarget.busy satisfies boolean,
  onrevoked: (event) => event.detail.channels satisfies string[],
  'ononboarding-error': (event) => event.detail.reason satisfies 'popup-blocked' | 'invalid-result' | 'prepare-failed' | 'invalid-config' | 'no-attempt',
};
export const untyped: SvelteHTMLElements['dialog-onboarding-button'] = {
  // @ts-expect-error: the detail is typed, not `any`
  ononboarded: (event) => event.detail.reason,
};
// @ts-expect-error: queryParameters is an object of strings
export const wrongParameters: SvelteHTMLElements['dialog-onboarding-button'] = { queryParameters: { email: 1 } };
export const typedCallback: SvelteHTMLElements['dialog-onboarding-callback'] = {
  'return-url': '/',
  ononboarded: (event) => event.detail.client satisfies string,
};

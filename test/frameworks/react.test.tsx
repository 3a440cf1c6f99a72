/**
 * The button in a React 19 app (react-app.tsx): `ononboarded` / `onrevoked` /
 * `ononboarding-cancel` run the app's handlers with the typed detail, and
 * `queryParameters={{ email }}` reaches the hub, through a real popup flow.
 *
 * React ships CommonJS only and the test server bundles nothing, so React is
 * loaded through commonjs.ts first and the app, which imports it, after.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { JSX } from 'react';
import type { Root } from 'react-dom/client';
import type { DialogOnboardingButton, OnboardedDetail } from '../../src/index.js';
import { CALLBACK_URL, STAND_IN_HUB, hub, realClick } from '../helpers.js';
import { importWithCommonJs, loadCommonJs } from './commonjs.js';

type AppModule = typeof import('./react-app.js');

describe('in React 19', () => {
  let app: AppModule;
  let container: HTMLElement;
  let root: Root | undefined;

  before(async () => {
    await loadCommonJs(['react', 'react/jsx-runtime', 'react-dom/client']);
    // By URL: the test server maps a `.js` import to a `.ts` file, not to `.tsx`.
    app = await importWithCommonJs<AppModule>(new URL('./react-app.tsx', import.meta.url).href);
  });

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    root?.unmount();
    root = undefined;
    container.remove();
  });

  async function mount(onResult?: (detail: OnboardedDetail) => void): Promise<DialogOnboardingButton> {
    root = app.mountApp(container, { hubUrl: STAND_IN_HUB, redirectUrl: CALLBACK_URL, email: 'a+b@example.com', onResult });
    await waitUntil(() => container.querySelector('dialog-onboarding-button'), 'React renders the button');
    const button = container.querySelector('dialog-onboarding-button')!;
    await button.updateComplete;
    return button;
  }

  const text = (selector: string) => container.querySelector(selector)?.textContent ?? '';

  it('runs the ononboarded and onrevoked handlers with the result and sends queryParameters to the hub', async () => {
    const received: OnboardedDetail[] = [];
    const button = await mount((detail) => received.push(detail));
    expect(button.queryParameters).to.deep.equal({ email: 'a+b@example.com' });
    expect(button.getAttribute('partner-id')).to.equal('partnerReact');

    await realClick(button);
    const url = new URL(await hub('url'));
    expect(url.pathname).to.contain('/partnerReact/permissions');
    expect(url.search).to.contain('email=a%2Bb%40example.com');

    await hub('submit', { client: 'clientReact', channels: ['chR1', 'chR2'], revoked: ['chOld'] });
    await waitUntil(() => text('.result') && text('.revoked'), 'the React handlers render the result', { timeout: 5000 });
    expect(text('.result')).to.equal('clientReact: chR1, chR2');
    expect(text('.revoked')).to.equal('revoked chOld');
    expect(text('.status')).to.equal('onboarded');
    expect(received).to.have.length(1);
    expect(received[0]).to.include({ client: 'clientReact' });
    expect(received[0].channels).to.deep.equal(['chR1', 'chR2']);
  });

  it('runs the ononboarding-cancel handler when the popup closes without a result', async () => {
    const button = await mount();
    await realClick(button);
    await hub('close');
    await waitUntil(() => text('.status') === 'cancelled', 'the React handler renders the cancel', { timeout: 5000 });
    expect(button.busy).to.equal(false);
  });
});

// Compile-time checks of src/frameworks/react.ts: what tsc sees for
// `<dialog-onboarding-button …>` in JSX. `tsc -p .` fails if they break.
export const typed: JSX.IntrinsicElements['dialog-onboarding-button'] = {
  'partner-id': 'p',
  queryParameters: { email: 'a@example.com' },
  ononboarded: (event) => event.detail.channels satisfies string[],
  'ononboarding-cancel': (event) => event.currentTarget.busy satisfies boolean,
  onrevoked: (event) => event.detail.channels satisfies string[],
  'ononboarding-error': (event) => event.detail.reason satisfies 'popup-blocked' | 'invalid-result' | 'prepare-failed' | 'invalid-config' | 'no-attempt',
};
export const untyped: JSX.IntrinsicElements['dialog-onboarding-button'] = {
  // @ts-expect-error: the detail is typed, not `any`
  ononboarded: (event) => event.detail.reason,
};
// @ts-expect-error: queryParameters is an object of strings
export const wrongParameters: JSX.IntrinsicElements['dialog-onboarding-button'] = { queryParameters: { email: 1 } };
// @ts-expect-error: React 19 would listen for `Onboarded`, an event the button never dispatches
export const camelCase: JSX.IntrinsicElements['dialog-onboarding-button'] = { onOnboarded: () => {} };
export const typedCallback: JSX.IntrinsicElements['dialog-onboarding-callback'] = {
  'return-url': '/',
  ononboarded: (event) => event.detail.client satisfies string,
};

/**
 * The button in a Vue 3 app: `@onboarded` / `@revoked` in a template and
 * `onOnboardingCancel` in a render function run the app's handlers with the
 * typed detail, and `:queryParameters.prop` reaches the hub, through a real
 * popup flow.
 *
 * Vue's `esm-browser` build: the runtime with the template compiler, made for
 * pages without a bundler, so it needs none of the globals (`process.env.NODE_ENV`,
 * `__VUE_OPTIONS_API__`, …) a bundler defines for the `esm-bundler` builds.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { GlobalComponents } from 'vue';
import { createApp, h, ref, type App } from 'vue/dist/vue.esm-browser.js';
import type {} from '../../src/frameworks/vue.js';
import type { DialogOnboardingButton, OnboardedEvent, OnboardingCancelEvent, RevokedEvent } from '../../src/index.js';
import { CALLBACK_URL, STAND_IN_HUB, hub, realClick } from '../helpers.js';

describe('in Vue 3', () => {
  let container: HTMLElement;
  let app: App | undefined;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    app?.unmount();
    app = undefined;
    container.remove();
  });

  const text = (selector: string) => container.querySelector(selector)?.textContent ?? '';

  async function renderedButton(): Promise<DialogOnboardingButton> {
    const button = container.querySelector('dialog-onboarding-button')!;
    await button.updateComplete;
    return button;
  }

  it('runs the @onboarded and @revoked handlers with the result and sends :queryParameters.prop to the hub', async () => {
    const received: OnboardedEvent['detail'][] = [];
    app = createApp({
      template: `
        <dialog-onboarding-button
          partner-id="partnerVue"
          :hub-url="hubUrl"
          :redirect-url="redirectUrl"
          :queryParameters.prop="{ email }"
          @onboarded="onOnboarded"
          @revoked="onRevoked"
        >Connect WhatsApp</dialog-onboarding-button>
        <p class="status">{{ status }}</p>
        <p v-if="channels.length" class="result">{{ client }}: {{ channels.join(', ') }}</p>
        <p v-if="revoked.length" class="revoked">revoked {{ revoked.join(', ') }}</p>`,
      setup() {
        const status = ref('waiting');
        const client = ref('');
        const channels = ref<string[]>([]);
        const revoked = ref<string[]>([]);
        return {
          hubUrl: STAND_IN_HUB,
          redirectUrl: CALLBACK_URL,
          email: 'a+b@example.com',
          status,
          client,
          channels,
          revoked,
          onOnboarded(event: OnboardedEvent) {
            received.push(event.detail);
            client.value = event.detail.client;
            channels.value = event.detail.channels;
            status.value = 'onboarded';
          },
          onRevoked(event: RevokedEvent) {
            revoked.value = event.detail.channels;
          },
        };
      },
    });
    // What an app sets once (in vite.config: vue({ template: { compilerOptions: { isCustomElement } } })):
    // the tag is a custom element, not a Vue component to resolve.
    app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('dialog-onboarding-');
    app.mount(container);

    const button = await renderedButton();
    expect(button.queryParameters).to.deep.equal({ email: 'a+b@example.com' });
    expect(button.getAttribute('partner-id')).to.equal('partnerVue');

    await realClick(button);
    const url = new URL(await hub('url'));
    expect(url.pathname).to.contain('/partnerVue/permissions');
    expect(url.search).to.contain('email=a%2Bb%40example.com');

    await hub('submit', { client: 'clientVue', channels: ['chV1', 'chV2'], revoked: ['chOld'] });
    await waitUntil(() => text('.result') && text('.revoked'), 'the Vue handlers render the result', { timeout: 5000 });
    expect(text('.result')).to.equal('clientVue: chV1, chV2');
    expect(text('.revoked')).to.equal('revoked chOld');
    expect(text('.status')).to.equal('onboarded');
    expect(received).to.have.length(1);
    expect(received[0]).to.include({ client: 'clientVue' });
    expect(received[0].channels).to.deep.equal(['chV1', 'chV2']);
  });

  it('runs an onOnboardingCancel render-function handler, with queryParameters set as a property', async () => {
    const status = ref('waiting');
    app = createApp({
      render: () => [
        h(
          'dialog-onboarding-button',
          {
            'partner-id': 'partnerVueH',
            'hub-url': STAND_IN_HUB,
            'redirect-url': CALLBACK_URL,
            queryParameters: { email: 'c@example.com' },
            onOnboardingCancel: (event: OnboardingCancelEvent) => {
              status.value = `cancelled ${event.type}`;
            },
          },
          'Connect WhatsApp',
        ),
        h('p', { class: 'status' }, status.value),
      ],
    });
    app.mount(container);

    const button = await renderedButton();
    await realClick(button);
    expect(new URL(await hub('url')).search).to.contain('email=c%40example.com');
    await hub('close');
    await waitUntil(() => text('.status') === 'cancelled onboarding-cancel', 'the Vue handler renders the cancel', { timeout: 5000 });
    expect(button.busy).to.equal(false);
  });
});

// Compile-time checks of src/frameworks/vue.ts: the `GlobalComponents` entry that
// vue-tsc and Volar read for `<dialog-onboarding-button …>` in a template:
// `$props` for attributes and properties, `$emit` for `@event` handlers.
// `tsc -p .` fails if they break.
type ButtonInstance = InstanceType<GlobalComponents['dialog-onboarding-button']>;
type CallbackInstance = InstanceType<GlobalComponents['dialog-onboarding-callback']>;
export const typed: ButtonInstance['$props'] = {
  partnerId: 'p',
  hubUrl: STAND_IN_HUB,
  queryParameters: { email: 'a@example.com' },
  disabled: false,
  class: 'connect',
};
// Static attributes are strings, as vue-tsc checks them (camelized): `prepare-timeout="5000"`, `full-page="true"`.
export const staticAttributes: ButtonInstance['$props'] = { prepareTimeout: '5000', fullPage: 'true', disabled: '' };
// @ts-expect-error: `full-page="false"` would switch full-page on: a present boolean attribute is on
export const falseAttribute: ButtonInstance['$props'] = { fullPage: 'false' };
// @ts-expect-error: queryParameters is an object of strings
export const wrongParameters: ButtonInstance['$props'] = { queryParameters: { email: 1 } };
export const typedCallback: CallbackInstance['$props'] = { returnUrl: '/' };
export function typedEvents(button: ButtonInstance, onboarded: OnboardedEvent, revoked: RevokedEvent, cancel: OnboardingCancelEvent): void {
  button.$emit('onboarded', onboarded);
  button.$emit('revoked', revoked);
  button.$emit('onboarding-cancel', cancel);
  // @ts-expect-error: an `onboarded` handler receives an OnboardedEvent, not a RevokedEvent
  button.$emit('onboarded', revoked);
  // @ts-expect-error: the button dispatches no `onboarded-typo`
  button.$emit('onboarded-typo', onboarded);
}

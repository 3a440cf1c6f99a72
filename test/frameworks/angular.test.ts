/**
 * The button in an Angular app: a standalone component with
 * CUSTOM_ELEMENTS_SCHEMA binds `[queryParameters]` as a property and listens
 * with `(onboarded)`, through a real popup flow. Bootstrapped in the browser in
 * JIT mode (no Angular CLI here), zoneless: no zone.js (Angular 21 boots
 * without it anyway; the provider says so).
 */
// First: the JIT compiler. Angular's packages ship partially compiled
// (ɵɵngDeclare…), which is compiled as @angular/common and platform-browser
// load; imported any later, loading fails with "JIT compilation failed for
// injectable PlatformLocation … '@angular/compiler' is not available".
import '@angular/compiler';
import { CUSTOM_ELEMENTS_SCHEMA, Component, provideZonelessChangeDetection, signal, type ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { expect, waitUntil } from '@open-wc/testing';
import type { OnboardedEvent, QueryParameters } from '../../src/index.js';
import { CALLBACK_URL, STAND_IN_HUB, hub, realClick } from '../helpers.js';

// Our tsconfig has no `experimentalDecorators`, so `@Component({...}) class …`
// would be a standard (TC39) decorator. For a class decorator that happens to
// run (Angular 16+ types allow it, angular/angular#49492), but Angular supports
// JIT only with experimental decorators (angular/angular#58251). A decorator is
// a function: calling `Component({...})` on the class is what the experimental
// decorator does, under any decorator setting, and JIT compiles the template.
// (An Angular CLI app writes `@Component`; its AOT build compiles it away.)
const OnboardingApp = Component({
  selector: 'onboarding-app',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <dialog-onboarding-button
      [attr.partner-id]="partnerId"
      [attr.hub-url]="hubUrl"
      [attr.redirect-url]="redirectUrl"
      [queryParameters]="params"
      (onboarded)="onOnboarded($event)"
    >Connect WhatsApp</dialog-onboarding-button>
    @if (client()) {
      <p class="result">{{ client() }}: {{ channels().join(', ') }}</p>
    }
  `,
})(
  class OnboardingApp {
    partnerId = 'partnerAngular';
    hubUrl = STAND_IN_HUB;
    redirectUrl = CALLBACK_URL;
    params: QueryParameters = { email: 'a+b@example.com', lang: 'pt' };
    client = signal('');
    channels = signal<string[]>([]);

    onOnboarded(event: OnboardedEvent): void {
      this.client.set(event.detail.client);
      this.channels.set(event.detail.channels);
    }
  },
);

describe('in Angular', () => {
  let host: HTMLElement;
  let app: ApplicationRef | undefined;

  beforeEach(() => {
    host = document.createElement('onboarding-app');
    document.body.append(host);
  });

  afterEach(() => {
    app?.destroy();
    app = undefined;
    host.remove();
  });

  it('runs the (onboarded) handler with the result and binds [queryParameters] to the hub', async () => {
    app = await bootstrapApplication(OnboardingApp, { providers: [provideZonelessChangeDetection()] });
    const button = host.querySelector('dialog-onboarding-button')!;
    await button.updateComplete;
    expect(button.partnerId).to.equal('partnerAngular');
    expect(button.queryParameters).to.deep.equal({ email: 'a+b@example.com', lang: 'pt' });

    await realClick(button);
    const url = new URL(await hub('url'));
    expect(url.pathname).to.contain('/partnerAngular/permissions');
    expect(url.search).to.contain('email=a%2Bb%40example.com');
    expect(url.searchParams.get('lang')).to.equal('pt');

    await hub('submit', { client: 'clientAngular', channels: ['chN1', 'chN2'] });
    await waitUntil(() => host.querySelector('.result'), 'the Angular handler renders the result', { timeout: 5000 });
    expect(host.querySelector('.result')!.textContent!.trim()).to.equal('clientAngular: chN1, chN2');
  });
});

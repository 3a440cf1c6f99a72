/**
 * The elements' fixed shadow DOM: constant markup, parsed once, cloned per instance, and states
 * set on the clone as properties and text (never as HTML).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { cloneMarkup } from '../src/markup.js';
import '../src/index.js';
import type { DialogOnboardingButton, DialogOnboardingCallback } from '../src/index.js';

describe('cloneMarkup', () => {
  it('returns a fresh copy of the first element on every call', () => {
    const markup = '<p part="status"><slot>Hi</slot></p>';
    const first = cloneMarkup<HTMLParagraphElement>(markup);
    const second = cloneMarkup<HTMLParagraphElement>(markup);
    expect(first).to.not.equal(second);
    expect(first.outerHTML).to.equal(markup);
    first.firstElementChild!.textContent = 'changed';
    expect(second.outerHTML, 'copies share nothing').to.equal(markup);
    expect(cloneMarkup(markup).outerHTML, 'the template itself is untouched').to.equal(markup);
  });

  it('gives an element that belongs to no document tree yet', () => {
    const element = cloneMarkup('<button type="button"></button>');
    expect(element.isConnected).to.equal(false);
    expect(element.parentNode).to.equal(null);
  });
});

describe('the elements\' shadow roots', () => {
  it('hold the button alone, its states set as properties', async () => {
    const button = await fixture<DialogOnboardingButton>(html`<dialog-onboarding-button partner-id="p"></dialog-onboarding-button>`);
    const root = button.shadowRoot!;
    expect([...root.children].map((child) => child.localName)).to.deep.equal(['button']);
    const inner = root.querySelector('button')!;
    expect(inner.getAttribute('aria-busy')).to.equal('false');
    button.busy = button.disabled = true;
    await button.updateComplete;
    expect(inner.getAttribute('aria-busy')).to.equal('true');
    expect(inner.disabled).to.equal(true);
    expect(root.querySelector('button'), 'the same node, updated in place').to.equal(inner);
  });

  it('hold the status alone, its text set as text: markup in a state never becomes elements', async () => {
    const callback = await fixture<DialogOnboardingCallback>(html`<dialog-onboarding-callback opener-origin="javascript:alert(1)"></dialog-onboarding-callback>`);
    const root = callback.shadowRoot!;
    expect([...root.children].map((child) => child.localName)).to.deep.equal(['p']);
    // `state` is documented read-only; written anyway, whatever it holds stays text.
    (callback as { state: string }).state = '<img src=x onerror=alert(1)>';
    await callback.updateComplete;
    expect(root.querySelector('img')).to.equal(null);
  });
});

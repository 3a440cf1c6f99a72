/**
 * Accessibility: axe finds nothing in any state of either element; the button
 * is a real, named, keyboard-operable button that announces it is busy; focus
 * comes back to it when the popup closes, unless the person moved it elsewhere.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { DialogOnboardingCallback } from '../src/index.js';
import { buttonFixture, closePopup, hub, innerButton, next, realClick } from './helpers.js';

/** How many elements in `selector` (its shadow root included) the browser's accessibility tree exposes with `role` and `name`. */
const exposed = (selector: string, role: string, name: string) =>
  executeServerCommand<number, { selector: string; role: string; name: string }>('accessible', { selector, role, name });

describe('accessibility of the button', () => {
  it('passes axe idle, with a custom label, busy and disabled', async () => {
    const button = await buttonFixture();
    await expect(button).to.be.accessible();

    const labelled = await buttonFixture({ 'partner-id': 'p2' });
    labelled.textContent = 'Link your WhatsApp number';
    await expect(labelled).to.be.accessible();

    await realClick(button);
    await button.updateComplete;
    expect(button.busy).to.equal(true);
    await expect(button).to.be.accessible();
    button.close();

    const disabled = await buttonFixture({ disabled: '' });
    await expect(disabled).to.be.accessible();
  });

  it('is announced as a button named by its label, and as busy while the popup is open', async () => {
    const button = await buttonFixture({ id: 'named' });
    button.textContent = 'Link your number';
    expect(await exposed('#named', 'button', 'Link your number')).to.equal(1);
    await realClick(button);
    await button.updateComplete;
    expect(innerButton(button).getAttribute('aria-busy')).to.equal('true');
    expect(await exposed('#named', 'button', 'Link your number')).to.equal(1);
    button.close();
  });

  it('keeps focus on the button when the popup closes', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    await closePopup(button);
    expect(document.activeElement).to.equal(button);
    expect(button.shadowRoot!.activeElement).to.equal(innerButton(button));
  });

  it('brings focus back to the button when the popup closes and focus was lost', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    // Blur what has the focus, the button inside the shadow root: blur() on the host moves no focus in Firefox.
    innerButton(button).blur();
    expect(document.activeElement).to.equal(document.body);
    await closePopup(button);
    expect(button.shadowRoot!.activeElement).to.equal(innerButton(button));
  });

  it('leaves focus where the person moved it while the popup was open', async () => {
    const button = await buttonFixture();
    const input = await fixture<HTMLInputElement>(html`<input aria-label="Company name" />`);
    await realClick(button);
    await hub('url');
    input.focus();
    await closePopup(button);
    expect(document.activeElement).to.equal(input);
  });
});

describe('accessibility of the callback', () => {
  for (const state of ['handing-back', 'handed-back', 'reported', 'invalid'] as const) {
    it(`passes axe in state ${state}, with its status in a live region`, async () => {
      const callback = await fixture<DialogOnboardingCallback>(html`<dialog-onboarding-callback></dialog-onboarding-callback>`);
      callback.state = state; // the text each state shows (the element itself moves on after ~1 s here)
      await callback.updateComplete;
      expect(callback.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('status');
      await expect(callback).to.be.accessible();
    });
  }
});

describe('focus after a result', () => {
  it('brings focus back to the button when a result comes and focus was lost', async () => {
    const button = await buttonFixture();
    await realClick(button);
    await hub('url');
    innerButton(button).blur(); // Firefox: blurring the host moves no focus
    expect(document.activeElement).to.equal(document.body);
    const onboarded = next(button, 'onboarded');
    await hub('submit', { client: 'focus', channels: ['chF'] });
    await onboarded;
    expect(button.shadowRoot!.activeElement).to.equal(innerButton(button));
  });
});

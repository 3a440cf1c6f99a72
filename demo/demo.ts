/**
 * The demo page: points the buttons at the stand-in hub on the second origin
 * (or at the hub and partner ID given in this page's query), and logs events.
 */
import '../src/index.js';

const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
const standInBase = `${location.protocol}//${otherHost}:${location.port}/demo`;
document.getElementById('hub-origin')!.textContent = `${location.protocol}//${otherHost}:${location.port}`;

// `?hub-url=https://hub.360dialog.com/dashboard/app&partner-id=…` points the first button at a real hub.
const page = new URLSearchParams(location.search);
for (const button of document.querySelectorAll('dialog-onboarding-button')) {
  button.hubUrl = button.id === 'isolated' ? `${standInBase}/isolated-hub` : `${standInBase}/hub`;
  button.queryParameters = { email: 'client@example.com', name: 'Demo Client & Co', lang: 'en' };
}
const first = document.querySelector('dialog-onboarding-button')!;
if (page.get('hub-url')) first.hubUrl = page.get('hub-url')!;
if (page.get('partner-id')) first.partnerId = page.get('partner-id')!;

// The styling section shows the very rules that style its buttons, read from demo/demo.css.
const stylingRules = [...document.styleSheets]
  .flatMap((sheet) => [...sheet.cssRules])
  .filter((rule) => rule instanceof CSSStyleRule && rule.selectorText.startsWith('dialog-onboarding-button.styled'));
document.getElementById('styling-css')!.textContent = stylingRules.map((rule) => rule.cssText).join('\n');

const log = document.getElementById('log')!;
for (const name of ['onboarded', 'revoked', 'onboarding-cancel', 'onboarding-error'] as const) {
  document.addEventListener(name, (event) => {
    const entry = document.createElement('li');
    const source = (event.target as HTMLElement).id || (event.target as HTMLElement).localName;
    // Text, never HTML: details carry values from a URL.
    entry.textContent = `${new Date().toLocaleTimeString()} ${source}: ${name} ${JSON.stringify(event.detail)}`;
    log.prepend(entry);
  });
}
document.getElementById('clear-log')!.addEventListener('click', () => log.replaceChildren());

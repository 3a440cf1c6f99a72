/**
 * Registration, shared by the entries (`index.ts`, `button.ts`, `callback.ts`).
 * Tolerates a second copy of the library on the page (two bundles, or the standalone file beside
 * a bundle): the first definition stays, instead of `define` throwing.
 */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}

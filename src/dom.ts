/**
 * The elements' shadow DOM, built node by node. No template engine: lit-html was about 30% of
 * the standalone file, for one button and one paragraph. No HTML parsing either: nothing here is
 * an HTML sink, so pages that enforce Trusted Types (`require-trusted-types-for 'script'`) work,
 * and text (a label, a status) can only ever be text.
 */

/** A new `tag` element with `attributes`, holding `children` (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

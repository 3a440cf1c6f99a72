/**
 * The elements' shadow DOM, without a template engine (it would be most of the bundle): each
 * element's markup is a constant of this library, never a parameter, parsed once into a
 * `<template>` on first use and cloned for each instance. What changes later (a disabled state,
 * a status text) is set on the clone as properties and text, never as HTML.
 */
const templates = new Map<string, HTMLTemplateElement>();

/** A fresh copy of the first element of `markup`, a constant. */
export function cloneMarkup<E extends Element>(markup: string): E {
  let template = templates.get(markup);
  if (!template) {
    template = document.createElement('template');
    template.innerHTML = markup;
    templates.set(markup, template);
  }
  return template.content.firstElementChild!.cloneNode(true) as E;
}

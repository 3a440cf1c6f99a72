// Lets the tests import `.svelte` files (compiled by the test server) from TypeScript.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}

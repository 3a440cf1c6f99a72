// Vue's build for browsers without a bundler (runtime + template compiler, no
// `process.env` or feature-flag globals to define): the same API as 'vue'.
declare module 'vue/dist/vue.esm-browser.js' {
  export * from 'vue';
}

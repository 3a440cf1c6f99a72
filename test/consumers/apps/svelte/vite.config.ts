// What `npm create vite@latest -- --template svelte-ts` writes (Svelte 5 reads TypeScript itself).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [svelte()] });

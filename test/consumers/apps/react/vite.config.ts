// What `npm create vite@latest -- --template react-ts` writes.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });

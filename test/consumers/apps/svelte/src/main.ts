// The app around the README's Connect.svelte (generated next to this file from the README).
import { mount } from 'svelte';
import Connect from './Connect.svelte';

mount(Connect, { target: document.getElementById('app')!, props: { email: 'client@example.com' } });

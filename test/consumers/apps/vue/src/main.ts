// The app around the README's Connect.vue (generated next to this file from the README).
import { createApp } from 'vue';
import Connect from './Connect.vue';

createApp(Connect, { email: 'client@example.com' }).mount('#app');

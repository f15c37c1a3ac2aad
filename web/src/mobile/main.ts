// src/mobile/main.ts: the members' mobile pages (Vant), served under /m/ by lvzhi.
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { i18n } from '@/i18n';
import '@/styles/mobile.css';

createApp(App).use(i18n).use(router).mount('#app');

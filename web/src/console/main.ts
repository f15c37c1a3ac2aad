// src/console/main.ts: the staff console (Element Plus), served at / by lvzhi.
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { i18n } from '@/i18n';
import 'element-plus/theme-chalk/base.css';
import '@/styles/console.css';

createApp(App).use(i18n).use(router).mount('#app');

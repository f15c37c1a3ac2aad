// vite.config.ts: two apps in one build. index.html is the staff console (Element Plus),
// m/index.html the members' mobile pages (Vant) under /m/. Hashed files go to dist/assets/;
// the lvzhi server serves dist/index.html for console paths and dist/m/index.html under /m/.
import { defineConfig, type Plugin, type Connect } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';
import { fileURLToPath, URL } from 'node:url';

// Where `vite dev` and `vite preview` send /api: a running `lvzhi serve`.
const api = process.env.LVZHI_API || 'http://127.0.0.1:8090';

/** The same history fallback as the server: /m/... → m/index.html, other pages → index.html. */
function historyFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url || '/';
    const path = url.split('?')[0];
    const accept = req.headers.accept || '';
    const isPage = req.method === 'GET' && accept.includes('text/html') && !path.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(path) && !path.startsWith('/@') && !path.startsWith('/node_modules/');
    if (isPage) req.url = path === '/m' || path.startsWith('/m/') ? '/m/index.html' : '/index.html';
    next();
  };
  return {
    name: 'lvzhi-history-fallback',
    configureServer(server) { server.middlewares.use(rewrite); },
    configurePreviewServer(server) { server.middlewares.use(rewrite); },
  };
}

export default defineConfig({
  base: '/',
  appType: 'mpa',
  plugins: [
    vue(),
    Components({
      dts: 'src/components.d.ts',
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
    }),
    historyFallback(),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('./index.html', import.meta.url)),
        mobile: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          return undefined;
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});

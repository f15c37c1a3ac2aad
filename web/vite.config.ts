// vite.config.ts: two apps in one build. index.html is the staff console (Element Plus),
// m/index.html the members' mobile pages (Vant) under /m/. Hashed files go to dist/assets/;
// the lvzhi server serves dist/index.html for console paths and dist/m/index.html under /m/.
import { defineConfig, type Plugin, type Connect } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';
import { fileURLToPath, URL } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

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

/**
 * Vant's icon font comes as a data: URL (and a fallback on a CDN), which the server's
 * Content-Security-Policy (font-src 'self') refuses. This writes the font out as a file at build
 * time and points Vant's @font-face at it, so it is served, hashed, from /assets/ like the rest.
 */
function vantIconFont(): Plugin {
  const out = resolve(fileURLToPath(new URL('.', import.meta.url)), 'node_modules/.cache/lvzhi/vant-icon.woff2');
  return {
    name: 'lvzhi-vant-icon-font',
    enforce: 'pre',
    transform(code, id) {
      if (!/vant\/(es|lib)\/icon\/index\.css$/.test(id.split('?')[0])) return null;
      const m = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)(,url\([^)]*\) format\("woff"\))?/.exec(code);
      if (!m) return null;
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, Buffer.from(m[1], 'base64'));
      const rel = relative(dirname(id.split('?')[0]), out).split('\\').join('/');
      return { code: code.replace(m[0], `url("${rel}") format("woff2")`), map: null };
    },
  };
}

export default defineConfig(({ command }) => ({
  base: '/',
  appType: 'mpa',
  plugins: [
    vantIconFont(),
    vue(),
    Components({
      // the component types for vue-tsc: written by `vite` (dev) as components appear; a build
      // leaves the committed file alone (its order of discovery is not stable)
      dts: command === 'serve' ? 'src/components.d.ts' : false,
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
        // A page loads its own chunk and a few shared ones, not one file per component: Element
        // Plus (with what it uses) is one chunk and one stylesheet, Vant another, and the app's
        // shared code (api, labels, i18n, formats) a third; pages and charts stay split by route.
        // Left to itself rollup cut the console's first page into about 90 files.
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (/node_modules\/(vue|@vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue';
          if (/node_modules\/(element-plus|@element-plus|@floating-ui|@popperjs|@ctrl|@vueuse|lodash|lodash-es|lodash-unified|async-validator|dayjs|memoize-one|normalize-wheel-es)\//.test(id)) return 'element-plus';
          if (/node_modules\/(vant|@vant)\//.test(id)) return 'vant';
          if (/\/src\/(shared|i18n|composables)\/|\/src\/api\.ts$/.test(id)) return 'app';
          return undefined;
        },
        experimentalMinChunkSize: 20000,
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
}));

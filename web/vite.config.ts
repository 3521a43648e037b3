import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves dist/ under the route prefix: index.html for every
// browser navigation, dist/assets/* with a long immutable cache. The base is
// the default prefix; the server rewrites it in index.html when another
// prefix is configured, and the app finds its own base at run time from
// import.meta.url, so one build serves any prefix.
export default defineConfig({
  base: '/support/',
  plugins: [vue()],
  // vue-i18n's feature flags: the Composition API only, no devtools.
  define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One entry, no inline scripts: the server's CSP is script-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
})

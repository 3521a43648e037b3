import { defineConfig } from 'vite'

// The embeddable widget (src/widget/): one self-contained classic script,
// dist/widget.js, which the server serves as {prefix}/widget.js. No Vue, and
// of each catalogue only its `widget` part (JSON named exports are
// tree-shaken), so it stays small. Runs after the app's build, which empties
// dist/.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'es2020',
    lib: {
      entry: 'src/widget/widget.ts',
      formats: ['iife'],
      name: 'EscalatedWidget',
      fileName: () => 'widget.js',
    },
  },
})

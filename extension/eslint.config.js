// ESLint for the extension (pinned in package.json; `npm run lint:js`, a suite of
// scripts/test.sh). src/ is what the browser loads; test/ and demo/ run under Node.
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';

// The content script's files are classic scripts that share namespaces on globalThis
// (content/dom.js defines TearoffDom, ...), in the manifest's load order. Reading the
// names from the files keeps this list right whatever the content script is split into.
const contentDir = new URL('./src/content/', import.meta.url);
const contentNamespaces = Object.fromEntries(
  readdirSync(contentDir)
    .filter((f) => f.endsWith('.js'))
    .flatMap((f) => [...readFileSync(new URL(f, contentDir), 'utf8').matchAll(/globalThis\.(\w+)\s*=/g)])
    .map((m) => [m[1], 'readonly']),
);

const unusedOk = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' };

export default [
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: { 'no-unused-vars': ['error', unusedOk] },
  },
  {
    files: ['src/content/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.webextensions, ...contentNamespaces },
    },
  },
  {
    files: ['test/**/*.mjs', 'test/**/*.js', 'demo/**/*.mjs', 'eslint.config.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      // e2e tests hand functions to the page (page.evaluate), so browser names too;
      // unit tests run the content modules in a page, so their namespaces as well.
      globals: { ...globals.node, ...globals.browser, ...globals.webextensions, ...contentNamespaces },
    },
    rules: { 'no-unused-vars': ['error', unusedOk] },
  },
];

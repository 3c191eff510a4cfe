// Loads the content script's classic-script files into this process, the way the
// browser does (each defines one namespace object on globalThis). vm keeps them out
// of the ESM/CJS question: they are neither, they are plain scripts.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

const contentPath = (name) => fileURLToPath(new URL(`../../src/content/${name}`, import.meta.url));

// loadContent(...names): need.js (how the files take each other's namespaces), then
// the named files, into this process's global scope.
export function loadContent(...names) {
  for (const name of ['need.js', ...names]) {
    const path = contentPath(name);
    vm.runInThisContext(readFileSync(path, 'utf8'), {filename: path});
  }
}

// loadInto(context, names): the named files, exactly those and in that order, into a
// vm context of their own (a fresh global scope per call of vm.createContext).
export function loadInto(context, names) {
  for (const name of names) {
    const path = contentPath(name);
    vm.runInContext(readFileSync(path, 'utf8'), context, {filename: path});
  }
}

// The content script's files (kind: 'js' or 'css') in the order the browser loads them.
export function manifestContentFiles(kind = 'js') {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../src/manifest.json', import.meta.url)), 'utf8'));
  return (manifest.content_scripts[0][kind] ?? []).map((f) => f.replace(/^content\//, ''));
}

// The host's catalogue, the same file the host embeds and serves to the extension.
export function catalogue() {
  const path = fileURLToPath(new URL('../../../host/sites/catalogue.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

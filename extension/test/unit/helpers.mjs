// Loads the content script's classic-script files into this process, the way the
// browser does (each defines one namespace object on globalThis). vm keeps them out
// of the ESM/CJS question: they are neither, they are plain scripts.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
import {FINDER_FILES} from '../../src/background/finder.js';

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

export const manifest = () => JSON.parse(readFileSync(fileURLToPath(new URL('../../src/manifest.json', import.meta.url)), 'utf8'));

// The files (kind: 'js' or 'css') of one of manifest.json's content script entries, in
// the order the browser loads them: entry 0 runs on every https page, entry 1 only on
// the sites with a page for new codes or phone settings (capture.js, nudge.js).
export function manifestContentFiles(kind = 'js', entry = 0) {
  return (manifest().content_scripts[entry][kind] ?? []).map((f) => f.replace(/^content\//, ''));
}

// The finder's files (src/background/finder.js), in the order the background injects
// them once boot.js asks, after entry 0's.
export const finderFiles = () => FINDER_FILES.map((f) => f.replace(/^content\//, ''));

// The host's catalogue, the same file the host embeds and serves to the extension.
export function catalogue() {
  const path = fileURLToPath(new URL('../../../host/sites/catalogue.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

// Loads the content script's classic-script files into this process, the way the
// browser does (each defines one namespace object on globalThis). vm keeps them out
// of the ESM/CJS question: they are neither, they are plain scripts.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

export function loadContent(...names) {
  for (const name of names) {
    const path = fileURLToPath(new URL(`../../src/content/${name}`, import.meta.url));
    vm.runInThisContext(readFileSync(path, 'utf8'), {filename: path});
  }
}

// The host's catalogue, the same file the host embeds and serves to the extension.
export function catalogue() {
  const path = fileURLToPath(new URL('../../../host/sites/catalogue.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8'));
}

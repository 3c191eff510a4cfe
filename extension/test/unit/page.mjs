// Unit tests of the content modules that read the DOM (dom.js, locate.js, track.js) on
// the fixture pages, in a real headless Chromium, without the extension or the host:
// each page is served at its real https URL, gets the content script's stylesheets,
// and the modules are run in it in the browser's order (manifest.json's, then the
// finder's, background/finder.js), leaving out the two entry points, boot.js (which
// would start the watch) and content.js. The only stand-in is the extension runtime,
// as a unit-test mock: it records each message and answers from the table below.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';
import {chromiumArgs, CHROMIUM_BIN} from '../e2e/lib/chromium.mjs';
import {catalogue, finderFiles, manifestContentFiles} from './helpers.mjs';

const contentSource = (name) => readFileSync(fileURLToPath(new URL(`../../src/content/${name}`, import.meta.url)), 'utf8');
const fixtureSource = (name) => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
const MODULES = [...manifestContentFiles(), ...finderFiles()].filter((f) => f !== 'boot.js' && f !== 'content.js');
const STYLES = manifestContentFiles('css');

// The stand-in runtime, run in the page before the modules: window.__sent holds every
// message; replies: the catalogue for tearoff:sites, {remaining: 9} for a consume,
// {code_id, code} for a reserve, {} otherwise.
function runtimeStub(sites) {
  window.__sent = [];
  const result = (m) => {
    if (m.type === 'tearoff:sites') return {sites};
    if (m.type === 'tearoff:consume') return {code_id: m.code_id, remaining: 9};
    if (m.type === 'tearoff:reserve') return {code_id: 'c1', code: 'a1b2c-3d4e5'};
    return {};
  };
  window.browser = {
    runtime: {sendMessage: async (m) => (window.__sent.push(m), {ok: true, result: result(m)})},
    i18n: {getMessage: (k) => k, getUILanguage: () => 'en'},
  };
}

// launch() -> {open(url, fixtureNameOrHtml), close()}. open() serves the page at `url`,
// loads it, runs the modules in it and returns the playwright Page.
export async function launch() {
  const browser = await chromium.launch({executablePath: CHROMIUM_BIN, headless: true, args: chromiumArgs(null)});
  const context = await browser.newContext({viewport: {width: 1000, height: 720}});
  const sites = catalogue();
  return {
    async open(url, page) {
      const body = page.endsWith('.html') ? fixtureSource(page) : page;
      const tab = await context.newPage();
      await tab.route((u) => u.href === new URL(url).href, (route) => route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', body}));
      await tab.goto(url);
      await tab.evaluate(runtimeStub, sites);
      for (const name of STYLES) await tab.addStyleTag({content: contentSource(name)});
      for (const name of MODULES) await tab.addScriptTag({content: contentSource(name)});
      return tab;
    },
    close: () => browser.close(),
  };
}

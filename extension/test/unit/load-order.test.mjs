// The content script's files take each other's namespaces through need.js at load, so
// a manifest.json that lists a file too late, or not at all, fails at once and names
// what is missing (rather than an undefined namespace failing inside a scan, where
// errors are caught and the page just never gets an offer).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
import {catalogue, finderFiles, loadInto, manifest, manifestContentFiles} from './helpers.mjs';

const everyPage = manifestContentFiles();
// What a page that has a field for the finder ends up with: the finder is injected
// after manifest.json's files (boot.js, background/finder.js).
const files = [...everyPage, ...finderFiles()];
const pageFiles = manifestContentFiles('js', 1);
const source = (f) => readFileSync(fileURLToPath(new URL(`../../src/content/${f}`, import.meta.url)), 'utf8');
const defines = (f) => [...source(f).matchAll(/globalThis\.(Tearoff\w+)\s*=/g)].map((m) => m[1]);
// The namespaces a file takes at load (a top-level `const X = need('TearoffX')`); boot.js
// takes the finder's only once the background has injected it.
const needs = (f) => [...source(f).matchAll(/^ {2}const [^=]+= need\('(Tearoff\w+)'\)/gm)].map((m) => m[1]);

// A fresh global scope. window.top is not the window, as in a frame: boot.js stops
// right after taking its namespaces, before it would touch the DOM.
const fresh = () => vm.createContext({window: {top: null}});

// Each entry loads on its own: the browser's order between entries is not relied on.
for (const [entry, list] of [['every https page', everyPage], ['every https page, then the finder', files], ['the capture and phone pages', pageFiles]]) {
  test(`the manifest order loads (${entry}), and every namespace a file needs is defined by an earlier file`, () => {
    const ctx = fresh();
    assert.doesNotThrow(() => loadInto(ctx, list));
    const seen = new Set();
    for (const f of list) {
      for (const ns of needs(f)) assert.ok(seen.has(ns), `${f} needs ${ns}, which no earlier file defines`);
      for (const ns of defines(f)) {
        seen.add(ns);
        assert.equal(typeof ctx[ns], ns === 'TearoffNeed' ? 'function' : 'object', `${f} defines ${ns}`);
      }
    }
  });
}

test('the content script\'s two entry points take their namespaces through need()', () => {
  assert.ok(needs('boot.js').length >= 5);
  assert.ok(needs('content.js').length >= 5);
});

// Every content file loads somewhere, and in one way only: on every page, with the
// finder, or on the capture and phone pages (which share need.js, messaging.js).
test('every content file is on every page, in the finder or on the capture pages, and the finder\'s only there', () => {
  const finder = finderFiles();
  const all = readdirSync(fileURLToPath(new URL('../../src/content/', import.meta.url))).filter((f) => f.endsWith('.js'));
  for (const f of all) assert.ok(everyPage.includes(f) || finder.includes(f) || pageFiles.includes(f), `${f} is loaded nowhere`);
  for (const f of finder) assert.ok(!everyPage.includes(f) && !pageFiles.includes(f), `${f} is in the finder and in manifest.json`);
  assert.equal(everyPage.at(-1), 'boot.js');
  assert.equal(finder.at(-1), 'content.js');
  // What a feed or a search page compiles: well under the whole.
  const size = (list) => list.reduce((n, f) => n + source(f).length, 0);
  assert.ok(size(everyPage) < 0.6 * size(files), `every page loads ${size(everyPage)} of ${size(files)} characters`);
});

// capture.js and nudge.js load only where they can act: the browser matches the URL, so
// other pages pay nothing for them. Their entry must cover exactly the catalogue's sites
// that have a page for new codes or a phone settings page.
test('the capture and phone entry matches exactly the catalogue sites with such pages', () => {
  const want = catalogue()
    .filter((s) => s.capture || s.phone_url)
    .flatMap((s) => s.domains)
    .map((d) => `https://*.${d}/*`)
    .sort();
  assert.ok(want.length >= 5);
  assert.deepEqual([...manifest().content_scripts[1].matches].sort(), want);
  for (const f of ['capture.js', 'nudge.js']) assert.ok(!files.includes(f) && pageFiles.includes(f), f);
});

test('leaving out any needed file fails at load, naming its namespace', () => {
  let checked = 0;
  for (const f of files) {
    for (const ns of defines(f)) {
      if (ns === 'TearoffNeed' || !files.some((g) => needs(g).includes(ns))) continue;
      assert.throws(() => loadInto(fresh(), files.filter((g) => g !== f)), new RegExp(`\\b${ns} is not loaded\\b`), `without ${f}`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `only ${checked} namespaces are needed by another file`);
});

test('a reordered manifest fails at load, naming what the first misplaced file needs', () => {
  // dom.js before detect.js and visibletext.js, whose namespaces it takes.
  const order = files.filter((f) => f !== 'dom.js');
  order.splice(order.indexOf('detect.js'), 0, 'dom.js');
  assert.throws(() => loadInto(fresh(), order), /TearoffDetect is not loaded/);
  // content.js first: its first need fails.
  assert.throws(() => loadInto(fresh(), ['need.js', 'content.js']), /TearoffTrack is not loaded/);
});

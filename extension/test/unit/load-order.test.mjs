// The content script's files take each other's namespaces through need.js at load, so
// a manifest.json that lists a file too late, or not at all, fails at once and names
// what is missing (rather than an undefined namespace failing inside a scan, where
// errors are caught and the page just never gets an offer).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';
import {loadInto, manifestContentFiles} from './helpers.mjs';

const files = manifestContentFiles();
const source = (f) => readFileSync(fileURLToPath(new URL(`../../src/content/${f}`, import.meta.url)), 'utf8');
const defines = (f) => [...source(f).matchAll(/globalThis\.(Tearoff\w+)\s*=/g)].map((m) => m[1]);
const needs = (f) => [...source(f).matchAll(/need\('(Tearoff\w+)'\)/g)].map((m) => m[1]);

// A fresh global scope. window.top is not the window, as in a frame: content.js stops
// right after taking its namespaces, before it would touch the DOM.
const fresh = () => vm.createContext({window: {top: null}});

test('the manifest order loads, and every namespace a file needs is defined by an earlier file', () => {
  const ctx = fresh();
  assert.doesNotThrow(() => loadInto(ctx, files));
  const seen = new Set();
  for (const f of files) {
    for (const ns of needs(f)) assert.ok(seen.has(ns), `${f} needs ${ns}, which no earlier file defines`);
    for (const ns of defines(f)) {
      seen.add(ns);
      assert.equal(typeof ctx[ns], ns === 'TearoffNeed' ? 'function' : 'object', `${f} defines ${ns}`);
    }
  }
  assert.ok(needs('content.js').length >= 5, 'content.js takes its namespaces through need()');
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

// switcher.js: "Use a backup code" follows the site's control; when no backup-code step
// comes within FALLBACK_MS it gives up once, and the caller offers the fill in place.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

let controls = []; // [{text, href, clicked}]
globalThis.TearoffDom = {
  switchCandidates: () => ({items: controls.map(({text, href}) => ({text, href})), elements: controls.map((c) => ({click: () => c.clicked++}))}),
};
const assigned = [];
globalThis.location = {assign: (u) => assigned.push(u)};
loadContent('steps.js', 'switcher.js');
const SW = globalThis.TearoffSwitch;
const X = {switch: {texts: ['Choose a different verification method', 'Backup code'], href: '', url: ''}};

test('a link that leads nowhere: one give-up after FALLBACK_MS, not before', (t) => {
  t.mock.timers.enable({apis: ['setTimeout']});
  controls = [{text: 'Choose a different verification method', href: '', clicked: 0}];
  let gaveUp = 0;
  SW.go(X, () => gaveUp++);
  assert.equal(controls[0].clicked, 1, 'the site\'s own control was clicked');
  assert.equal(SW.active(), true);
  t.mock.timers.tick(SW.FALLBACK_MS - 1);
  assert.equal(gaveUp, 0);
  t.mock.timers.tick(1);
  assert.equal(gaveUp, 1);
  assert.equal(SW.failed(), true);
  assert.equal(SW.active(), false);
  t.mock.timers.tick(SW.FALLBACK_MS * 3);
  assert.equal(gaveUp, 1, 'once');
});

test('reaching a backup-code step in time cancels the give-up', (t) => {
  t.mock.timers.enable({apis: ['setTimeout']});
  controls = [{text: 'Choose a different verification method', href: '', clicked: 0}];
  let gaveUp = 0;
  SW.go(X, () => gaveUp++);
  // The chooser opens: the next matching entry is followed too.
  controls = [{text: 'Text message', href: '', clicked: 0}, {text: 'Backup code', href: '', clicked: 0}];
  assert.equal(SW.follow(), true);
  assert.equal(controls[1].clicked, 1);
  SW.reached();
  t.mock.timers.tick(SW.FALLBACK_MS * 2);
  assert.equal(gaveUp, 0);
  assert.equal(SW.failed(), false);
});

test('nothing to click and no URL: gives up at once', () => {
  controls = [];
  let gaveUp = 0;
  SW.go(X, () => gaveUp++);
  assert.equal(gaveUp, 1);
  assert.equal(SW.failed(), true);
});

test('nothing to click but a known URL: goes there', () => {
  controls = [];
  let gaveUp = 0;
  SW.go({switch: {texts: [], href: '', url: 'https://github.com/sessions/two-factor/recovery'}}, () => gaveUp++);
  assert.deepEqual(assigned, ['https://github.com/sessions/two-factor/recovery']);
  assert.equal(gaveUp, 0);
});

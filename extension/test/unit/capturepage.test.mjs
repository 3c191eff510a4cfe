// capturepage.js: which element holds a capture page's codes, the text sent to the host
// (only what is shown, one line per rendered line), the account to preselect, and when
// a save replaces a stored set. Elements are small fakes; the catalogue is the real one.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {catalogue, loadContent} from './helpers.mjs';

loadContent('capturepage.js');
const CP = globalThis.TearoffCapturePage;
const site = (id) => catalogue().find((s) => s.id === id);

// A fake element: tagName, attributes, innerText (what the browser renders) and textContent.
function el(tagName, {attrs = {}, innerText = '', textContent = innerText} = {}) {
  return {tagName, innerText, textContent, getAttribute: (k) => attrs[k] ?? null};
}
const queryFrom = (map) => (sel) => map[sel] ?? null;

test('the codes block: the first catalogue selector whose element shows text', () => {
  const gh = site('github');
  const list = el('UL', {innerText: 'a1b2c-3d4e5\n9f8e7-6d5c4'});
  assert.equal(CP.block(gh, queryFrom({'.two-factor-recovery-codes': list})), list);
  // An empty (not yet filled) first match is passed over for one that shows codes.
  const marked = el('DIV', {innerText: 'a1b2c-3d4e5'});
  assert.equal(CP.block(gh, queryFrom({'.two-factor-recovery-codes': el('UL'), '[data-tearoff-codes]': marked})), marked);
  assert.equal(CP.block(gh, queryFrom({})), null);
  // A selector the browser rejects is skipped, not fatal.
  assert.equal(CP.block({capture: {codes: ['::bad', '.ok']}}, (s) => { if (s === '::bad') throw new SyntaxError(s); return s === '.ok' ? list : null; }), list);
});

test('the text sent to the host: rendered lines, trimmed, blank lines dropped, bounded', () => {
  assert.equal(CP.textOf(el('UL', {innerText: '  a1b2c-3d4e5 \n\n\t9f8e7-6d5c4\r\n   \n'})), 'a1b2c-3d4e5\n9f8e7-6d5c4');
  assert.equal(CP.textOf(el('PRE', {innerText: '1234  5678\n2345\t6789'})), '1234 5678\n2345 6789', 'inner runs of spaces become one, as Google shows 1234 5678');
  assert.equal(CP.textOf(el('PRE', {innerText: 'x'.repeat(CP.MAX_TEXT + 10)})).length, CP.MAX_TEXT);
  assert.equal(CP.textOf(null), '');
});

test('the account to preselect, from the page, the URL, or the one stored account', () => {
  const gh = site('github');
  const meta = el('META', {attrs: {content: 'octocat'}});
  assert.equal(CP.account(gh, null, queryFrom({'meta[name=user-login]': meta})), 'octocat');
  const x = site('x');
  const link = el('A', {attrs: {href: '/tearoff_demo'}, textContent: 'Profile'});
  assert.equal(CP.account(x, null, queryFrom({'a[data-testid=AppTabBar_Profile_Link]': link})), 'tearoff_demo', 'the profile link names the handle, not its text');
  assert.equal(CP.labelOf(el('SPAN', {textContent: '  @yamada_taro '})), 'yamada_taro');
  assert.equal(CP.labelOf(el('DIV', {attrs: {'data-email': 'alice@example.com'}, textContent: 'Alice'})), 'alice@example.com');
  const npm = site('npm');
  const m = new RegExp(npm.capture.url, 'u').exec('/settings/%E5%B1%B1%E7%94%B0/tfa');
  assert.equal(CP.account(npm, m, queryFrom({})), '山田', 'npm: the name in the path');
  assert.equal(CP.account(gh, null, queryFrom({}), [{account: 'only-one', total: 16}]), 'only-one');
  assert.equal(CP.account(gh, null, queryFrom({}), [{account: 'a'}, {account: 'b'}]), '', 'among several: the person says');
  assert.equal(CP.labelOf(el('SPAN', {textContent: 'n'.repeat(129)})), '', 'too long for a label');
});

test('a save replaces a stored set only for the same label with codes', () => {
  const stored = [{account: 'octocat', total: 16, remaining: 12}, {account: 'empty', total: 0}];
  assert.equal(CP.replaces('octocat', stored), stored[0]);
  assert.equal(CP.replaces('Octocat', stored), null, 'labels are exact');
  assert.equal(CP.replaces('empty', stored), null);
  assert.equal(CP.replaces('hubot', stored), null);
});

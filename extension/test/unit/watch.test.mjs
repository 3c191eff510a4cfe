// watch.js: which mutation batches count as "an input appeared" (look now) and which
// only poke the debounce. Records are shaped like MutationRecords; nodes like elements.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

loadContent('veto.js', 'watch.js');
const W = globalThis.TearoffWatch;

// hasInput: the subtree holds a code-capable input; type: the element's own input type.
const el = (localName, {hasInput = false, children = hasInput, type = 'text'} = {}) => ({
  nodeType: 1,
  localName,
  firstElementChild: children ? {} : null,
  querySelector: (sel) => (sel.startsWith('input') && hasInput ? {} : null),
  // watch.js's CODE_INPUT lists each type as [type=x], the missing type as :not([type]).
  matches: (sel) => sel.includes(`[type=${type}]`) || (type === '' && sel.includes(':not([type])')),
});
const text = {nodeType: 3};
const added = (...nodes) => ({type: 'childList', addedNodes: nodes});

test('an added <input> is seen at once', () => {
  assert.equal(W.addsInput([added(el('input'))]), true);
});

test('an added subtree holding an input (a login dialog) is seen at once', () => {
  assert.equal(W.addsInput([added(text, el('div', {hasInput: true}))]), true);
  assert.equal(W.addsInput([{type: 'attributes', addedNodes: []}, added(el('span')), added(el('form', {hasInput: true}))]), true);
});

test('a search box, checkbox or hidden input coming and going only pokes the debounce', () => {
  for (const type of ['search', 'checkbox', 'hidden', 'submit']) assert.equal(W.addsInput([added(el('input', {type}))]), false, type);
  for (const type of ['', 'text', 'tel', 'number', 'password']) assert.equal(W.addsInput([added(el('input', {type}))]), true, type);
});

test('other changes only poke the debounce', () => {
  assert.equal(W.addsInput([added(el('div', {children: true})), added(text), {type: 'childList', addedNodes: []}]), false);
  assert.equal(W.addsInput([{type: 'attributes', addedNodes: []}]), false);
  assert.equal(W.addsInput([]), false);
});

test('a leaf element is never searched', () => {
  const leaf = el('p');
  leaf.querySelector = () => assert.fail('querySelector on a leaf');
  assert.equal(W.addsInput([added(leaf)]), false);
});

test('a huge batch is bounded: past the cap it counts as "later"', () => {
  const many = Array.from({length: 600}, () => el('div', {children: true}));
  many.push(el('input'));
  assert.equal(W.addsInput([added(...many)]), false);
});

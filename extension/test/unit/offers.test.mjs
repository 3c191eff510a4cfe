// offers.js: the page's offer is asked once and kept; a change to the codes drops it;
// errors are never kept.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {loadContent} from './helpers.mjs';

const sent = [];
let answer = () => Promise.resolve({accounts: [{id: 'a', remaining: 3}]});
globalThis.TearoffMessaging = {send: (type) => (sent.push(type), answer())};
globalThis.location = {hostname: 'github.com'};
loadContent('offers.js');
const O = globalThis.TearoffOffers;

test('asked once per page and site, however many fields ask', async () => {
  sent.length = 0;
  O.drop();
  O.prefetch();
  const [a, b] = await Promise.all([O.get(), O.get()]);
  assert.equal(a, b);
  assert.deepEqual(sent, ['tearoff:offer']);
});

test('dropped after a change to the codes: the next look asks again', async () => {
  sent.length = 0;
  O.drop();
  await O.get();
  O.drop();
  await O.get();
  assert.deepEqual(sent, ['tearoff:offer', 'tearoff:offer']);
});

test('another hostname asks again', async () => {
  sent.length = 0;
  O.drop();
  await O.get();
  globalThis.location = {hostname: 'gist.github.com'};
  await O.get();
  assert.equal(sent.length, 2);
  globalThis.location = {hostname: 'github.com'};
});

test('an error (locked) is not kept', async () => {
  sent.length = 0;
  O.drop();
  answer = () => Promise.reject(Object.assign(new Error('locked'), {code: 'locked'}));
  await assert.rejects(O.get());
  answer = () => Promise.resolve({accounts: []});
  assert.deepEqual(await O.get(), {accounts: []});
  assert.equal(sent.length, 2);
});

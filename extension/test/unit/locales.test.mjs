import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const content = readdirSync(src + 'content').filter((f) => f.endsWith('.js'));
const used = new Set();
for (const f of content) {
  for (const m of readFileSync(src + 'content/' + f, 'utf8').matchAll(/\bmsg\('([a-z_]+)'/g)) used.add(m[1]);
}

test('the content script uses some locale keys', () => assert.ok(used.size >= 10, [...used].join(',')));

for (const lang of ['en', 'ja']) {
  test(`every content string exists in _locales/${lang}`, () => {
    const messages = JSON.parse(readFileSync(`${src}_locales/${lang}/messages.json`, 'utf8'));
    for (const key of used) {
      assert.ok(messages[key]?.message, `${lang}: missing ${key}`);
      assert.match(key, /^(offer|content)_/, 'content keys carry the offer_/content_ prefix');
    }
  });
}

test('placeholders match between en and ja', () => {
  const en = JSON.parse(readFileSync(`${src}_locales/en/messages.json`, 'utf8'));
  const ja = JSON.parse(readFileSync(`${src}_locales/ja/messages.json`, 'utf8'));
  const slots = (s) => [...s.matchAll(/\$\d/g)].map((m) => m[0]).sort().join();
  for (const key of used) assert.equal(slots(ja[key].message), slots(en[key].message), key);
});

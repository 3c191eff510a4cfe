// Every error code the extension's own scripts make is listed in host/PROTOCOL.md
// ("Errors the extension makes itself"), and every code listed there is still made:
// the popup and content script show these codes, so they are part of the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const protocol = readFileSync(fileURLToPath(new URL('../../../host/PROTOCOL.md', import.meta.url)), 'utf8');

// The code-making calls: NativeClient's _fail('host_…'), classifyDisconnect's
// return 'host_…', the router's refuse('…'), the content script's TearoffError('…').
const making = [/\b_fail\('([a-z_]+)'/g, /return '(host_[a-z_]+)'/g, /\brefuse\('([a-z_]+)'/g, /\bTearoffError\('([a-z_]+)'/g];

function madeCodes() {
  const made = new Set();
  for (const dir of ['background', 'content', 'popup', 'options']) {
    for (const f of readdirSync(src + dir).filter((n) => n.endsWith('.js'))) {
      const text = readFileSync(`${src}${dir}/${f}`, 'utf8');
      for (const re of making) for (const m of text.matchAll(re)) made.add(m[1]);
    }
  }
  return made;
}

// The codes in the first column of the table under `heading`.
function tableCodes(heading) {
  const section = protocol.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `PROTOCOL.md has a section "${heading}"`);
  return new Set([...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
}

test('every code the extension makes is in PROTOCOL.md, and every listed one is made', () => {
  const made = madeCodes();
  assert.ok(made.has('host_missing') && made.has('forbidden_sender'), `found ${[...made]}`);
  const own = tableCodes('Errors the extension makes itself');
  const host = tableCodes('Error codes');
  for (const code of made) assert.ok(own.has(code) || host.has(code), `${code} is not in PROTOCOL.md`);
  for (const code of own) assert.ok(made.has(code), `PROTOCOL.md lists ${code}, which no script makes`);
  for (const code of own) assert.ok(!host.has(code), `${code} is listed both as the host's and as the extension's`);
});

// The browser half of scripts/bench.sh: rows 1, 2 and the browser parts of 4
// in Chromium and Firefox ESR, and row 5 (page cost) in Chromium. Writes rows
// as JSON lines (stats.mjs) on stdout; progress goes to stderr.
//   TEAROFF_BIN=... TEAROFF_ECHO_BIN=... node test/bench/browser.mjs [--quick]
import { browserSessions } from './offer.mjs';
import { pageCost } from './pages.mjs';
import { emit, row } from './stats.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const echoBin = process.env.TEAROFF_ECHO_BIN;
if (!process.env.TEAROFF_BIN || !echoBin) {
  console.error('browser.mjs: set TEAROFF_BIN and TEAROFF_ECHO_BIN (scripts/bench.sh does)');
  process.exit(2);
}
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

for (const browser of ['chromium', 'firefox']) {
  if (only && !only.includes(browser)) continue;
  log(`${browser}: field → offer, fill, submit, floors`);
  const { samples: s, failure } = await browserSessions(browser, {
    sessions: quick ? 2 : 4, warm: quick ? 3 : 8, floorReps: quick ? 5 : 20, echoBin,
  });
  const B = browser === 'chromium' ? 'Chromium' : 'Firefox ESR';
  const portFloor = `floor: echo host port round trip (${B})`;
  const spawnFloor = `floor: echo host spawn round trip (${B})`;
  const rssFloor = `floor: echo host peak RSS (${B})`;
  const opts = (floor, extra = {}) => ({ floor, failure, ...extra });
  emit(row(spawnFloor, 'floor', s.echoSpawn, { failure }));
  emit(row(portFloor, 'floor', s.echoPort, { failure }));
  emit(row(rssFloor, 'floor', s.echoRss, { unit: 'bytes', failure }));
  emit(row(`field → offer, ${B}, cold`, '1 offer', s.coldOffer, opts(portFloor)));
  emit(row(`field → fill button, ${B}, cold`, '1 offer', s.coldFill, opts(portFloor)));
  emit(row(`field → offer, ${B}, warm`, '1 offer', s.warmOffer, opts(portFloor)));
  emit(row(`field → fill button, ${B}, warm`, '1 offer', s.warmFill, opts(portFloor)));
  emit(row(`click → field filled, ${B}`, '2 fill', s.click, opts(portFloor)));
  emit(row(`submit → used in the vault (file), ${B}`, '2 fill', s.used, opts('floor: keyring Set (file)')));
  emit(row(`host cold start in ${B} (sendNativeMessage hello, file)`, '4 host', s.hostSpawn, opts(spawnFloor)));
  emit(row(`host peak RSS over a session, ${B}`, '4 host', s.hostRss, opts(rssFloor, { unit: 'bytes' })));
}

if (!only || only.includes('page')) {
  log('page cost: heavy mutating page, three arms');
  for (const r of await pageCost({ reps: quick ? 1 : 15, ticks: quick ? 100 : 300 })) emit(r);
}

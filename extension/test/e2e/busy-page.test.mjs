// A recovery field that appears on a page that never stops changing (a live feed beside
// the form), in Chromium and Firefox ESR. Until a candidate field is seen, the content
// script's observer rests after each change on such a page (content/watch.js), so the
// field is mostly seen through the sentinel stylesheet (content/watch.css): the browser
// starts its animation when the field is rendered. The page's own listener sees that
// animation too, which
// shows the stylesheet is applied in this browser; the flow shows the content script
// acted: offer, fill, submit recorded as used, and the next code on the next visit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { githubCodes } from './lib/host.mjs';
import { BROWSERS, GITHUB_RECOVERY, positiveFlow, servePages, setup } from './lib/flow.mjs';

// The feed changes every few ms from load on; window.ticks counts its changes and
// window.seenAnimations the animations that started on inputs. addStep() inserts the
// recovery form; its submit stands in for GitHub's server.
const BUSY_RECOVERY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Two-factor recovery · GitHub</title></head>
<body><main></main><ul id="feed">${'<li>Event <span>0</span></li>'.repeat(300)}</ul>
<script>
  window.ticks = 0;
  window.seenAnimations = [];
  document.addEventListener('animationstart', (ev) => { if (ev.target.localName === 'input') seenAnimations.push(ev.target.id + ':' + ev.animationName); }, true);
  const items = document.querySelectorAll('#feed li');
  const tick = () => {
    for (let k = 0; k < 10; k++, window.ticks++) items[window.ticks % items.length].querySelector('span').textContent = String(window.ticks);
    setTimeout(tick, 4);
  };
  tick();
  window.addStep = () => {
    document.querySelector('main').innerHTML = '<h1>Two-factor recovery</h1><form id="recovery-form"><label for="recovery_code">Recovery code</label>'
      + '<input type="text" name="recovery_code" id="recovery_code" autocomplete="off"><button>Verify</button></form>';
    document.getElementById('recovery-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      document.body.dataset.submitted = document.getElementById('recovery_code').value;
      document.querySelector('main').innerHTML = '<h1>Welcome back</h1>';
    });
  };
</script></body></html>`;

for (const browser of BROWSERS) {
  test(`${browser}: a recovery field inserted into a page that never stops changing gets the offer`, async (t) => {
    const { vault, driver } = await setup(t, browser);
    await vault.importCodes({ site: 'github', account: 'octocat', codes: githubCodes() });
    await driver.route(servePages({ [GITHUB_RECOVERY]: () => BUSY_RECOVERY }));
    // Busy for a while first (hundreds of changes), then the step appears, SPA-style.
    const open = async (page) => {
      await page.goto(GITHUB_RECOVERY);
      await driver.waitFor(page, () => window.ticks > 500, undefined, 15_000);
      await page.evaluate(() => window.addStep());
    };
    const { page } = await positiveFlow(driver, vault, { url: GITHUB_RECOVERY, field: '#recovery_code', site: 'github', account: 'octocat', open });
    assert.ok((await page.evaluate(() => window.seenAnimations)).includes('recovery_code:tearoff-input-seen'),
      'the sentinel stylesheet animates the field in this browser');
  });
}

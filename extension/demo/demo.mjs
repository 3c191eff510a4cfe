// The demo behind scripts/demo.sh: Chromium with a throwaway profile, the
// extension loaded, the host installed into that profile, a file vault in a
// temp dir with sample codes, and a local likeness of GitHub's sign-in served
// at https://github.com/ through request routing (nothing reaches the network).
//
//   node demo/demo.mjs              a window: sign in yourself; close it or Ctrl-C to end
//   node demo/demo.mjs --headless   the same sign-in unattended, with screenshots
//   --out DIR                       where the screenshots go (default docs/img)
//
// TEAROFF_BIN names a built tearoff binary (scripts/demo.sh builds one). Nothing
// touches the person's keyring, config or browser profile: the vault, config
// and profile all live in temp dirs that are removed at the end.
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/e2e/lib/chromium.mjs';
import { REPO_ROOT, buildHost, makeVault, until } from '../test/e2e/lib/host.mjs';
import { servePages } from '../test/e2e/lib/flow.mjs';

const SITE_DIR = fileURLToPath(new URL('./site/', import.meta.url));
const LOGIN = 'https://github.com/login';
const APP = 'https://github.com/sessions/two-factor/app';
const RECOVERY = 'https://github.com/sessions/two-factor/recovery';
const STEP_TIMEOUT_MS = 20_000;

// Sample codes, GitHub- and Google-shaped; they open nothing anywhere.
const GITHUB_CODES = [
  '3f9a1-0c7e2', 'b84d5-19f06', '5e2c7-a0d41', 'c61b9-7f3e8', '0a7d4-e29b5', '92e6f-4c1a3', 'd35b8-06f7c', '7c0e2-b9a64',
  'e1f47-3d8b0', '48a9c-5e2f1', 'f6d03-a7c92', '2b7e5-c04d8', '9d1c6-8b3a7', '6a4f0-1e9d5', 'c8e31-7b06f', '15b9d-f2a4c',
];
const GOOGLE_CODES = ['40719382', '88125064', '30975216', '57201348', '61843907', '92057731', '14638820', '75390126', '23918475', '69402817'];

const { values: opts } = parseArgs({ options: { headless: { type: 'boolean', default: false }, out: { type: 'string' } } });
const outDir = path.resolve(opts.out ?? path.join(REPO_ROOT, 'docs', 'img'));
const say = (line) => process.stderr.write(`demo: ${line}\n`);

let vault = null;
let driver = null;
let ending = null;
/** Closes the browser and removes every temp dir, once. */
function end(code) {
  ending ??= (async () => {
    await driver?.close();
    await vault?.cleanup();
    process.exit(code);
  })();
  return ending;
}
process.on('SIGINT', () => { say('cleaning up'); end(130); });
process.on('SIGTERM', () => end(143));
process.on('SIGHUP', () => end(129));

async function seed() {
  await vault.importCodes({ site: 'github', account: 'octocat', codes: GITHUB_CODES });
  await vault.importCodes({ site: 'google', account: 'alice@example.com', codes: GOOGLE_CODES });
  // Alice has spent most of hers: the popup warns, the badge counts her.
  for (let i = 0; i < 8; i++) await vault.cli('take', '--site', 'google', '--account', 'alice@example.com');
}

function routes() {
  const file = (name, contentType = 'text/html; charset=utf-8') => async () => ({ contentType, body: await readFile(path.join(SITE_DIR, name), 'utf8') });
  return servePages({
    [LOGIN]: file('login.html'),
    [APP]: file('app.html'),
    [RECOVERY]: file('recovery.html'),
    'https://github.com/tearoff-demo.css': file('style.css', 'text/css; charset=utf-8'),
  });
}

/** "15 / 16 left" in the popup for octocat, as a number. */
async function popupCount(popup) {
  await popup.reload();
  const sel = '[data-account="octocat"] .count';
  await popup.waitForSelector(sel, { timeout: STEP_TIMEOUT_MS });
  return Number.parseInt(await popup.textContent(sel), 10);
}

async function shot(page, name) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, fullPage: true });
  say(`saved ${file}`);
}

/** The sign-in, unattended: every click a real (trusted) one, as a person's. */
async function headlessRun(page, popup) {
  await mkdir(outDir, { recursive: true });
  await popup.setViewportSize({ width: 360, height: 120 });
  const before = await popupCount(popup);
  await shot(popup, 'demo-popup-before.png');

  await page.goto(LOGIN);
  await page.fill('#login_field', 'octocat');
  await page.click('#continue');
  await page.fill('#password', 'correct horse battery staple');
  await page.click('#sign-in');
  await page.waitForURL(APP, { timeout: STEP_TIMEOUT_MS });
  const offer = '[data-tearoff="offer"]';
  await page.waitForSelector(`${offer} [data-tearoff="switch"]`, { state: 'visible', timeout: STEP_TIMEOUT_MS });
  await shot(page, 'demo-verification-step.png');
  await page.click(`${offer} [data-tearoff="switch"]`);
  await page.waitForURL(RECOVERY, { timeout: STEP_TIMEOUT_MS });

  const fill = `${offer} [data-tearoff="fill"][data-account="octocat"]`;
  await page.waitForSelector(fill, { state: 'visible', timeout: STEP_TIMEOUT_MS });
  await shot(page, 'demo-offer.png');
  await page.click(fill);
  await page.waitForFunction(() => document.getElementById('recovery_code').value !== '', null, { timeout: STEP_TIMEOUT_MS });
  const code = await page.inputValue('#recovery_code');
  await page.click('#recovery-form button[type=submit]');
  await page.waitForSelector('#done', { state: 'visible', timeout: STEP_TIMEOUT_MS });
  await until(async () => (await vault.stateOf('github', 'octocat', code))?.state === 'used', { timeoutMs: STEP_TIMEOUT_MS, what: 'the code to be recorded as used' });
  await shot(page, 'demo-signed-in.png');

  const after = await popupCount(popup);
  await shot(popup, 'demo-popup-after.png');
  // scripts/test.sh reads this line.
  process.stdout.write(`popup count for octocat: ${before} -> ${after}\n`);
  if (!(after === before - 1)) throw new Error(`the popup count went from ${before} to ${after}, not down by one`);
}

async function main() {
  const bin = await buildHost();
  vault = await makeVault(bin, { backend: 'file' });
  await seed();
  driver = await launchChromium(vault, { headless: opts.headless, ownSignals: true });
  await driver.route(routes());
  const popup = await driver.extensionPage('popup/popup.html');
  const page = await driver.newPage();
  // The first-install options tab is not part of the demo. Closed only now: with a
  // window, closing its last tab would end the browser.
  await driver.optionsPage.close();
  if (opts.headless) {
    await headlessRun(page, popup);
    return end(0);
  }
  await page.goto(LOGIN);
  await page.bringToFront();
  say('Chromium is open with a throwaway profile and a demo vault (GitHub octocat: 16 codes).');
  say('1. Sign in as anyone with any password.');
  say('2. On "Enter your verification code", click Tearoff\'s "Use a backup code".');
  say('3. Click "Use backup code for octocat", then Verify.');
  say('4. Reload the Tearoff tab (or open Tearoff from the extensions menu): 15 / 16 left.');
  say('Close the browser or press Ctrl-C to end; everything is removed.');
  driver.context.on('close', () => end(0));
}

main().catch(async (err) => {
  say(`failed: ${err?.stack ?? err}`);
  await end(1);
});

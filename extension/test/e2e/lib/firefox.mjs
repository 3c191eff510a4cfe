// Firefox ESR through puppeteer-core over WebDriver BiDi, with the real extension and host.
//
// What BiDi allows here (Firefox 153 ESR, puppeteer-core 24), found by trying:
// - browser.installExtension(dir) installs the unpacked extension temporarily.
// - BiDi refuses to navigate a tab to moz-extension://. The extension opens its
//   options page itself on first install (runtime.onInstalled -> openOptionsPage,
//   a shipped onboarding step, not a test hook); Firefox puts it in the initial
//   blank tab. Puppeteer keeps reporting that tab as about:blank, but evaluate()
//   runs in the options page, and from there browser.tabs.create opens the popup
//   page in a tab of its own. No code exists only for tests.
// - page.setRequestInterception + request.respond work; request.postData() is
//   unsupported under BiDi, fetchPostData() works.
// - Reloading a page that came from a POST waits on the "resend" dialog: tests
//   navigate to the URL again instead.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { EXTENSION_DIR, installHost, tempDir, until } from './host.mjs';

export const FIREFOX_BIN = process.env.TEAROFF_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * Launches Firefox ESR with a throwaway HOME (the host manifest goes to
 * $HOME/.mozilla/native-messaging-hosts) and the extension installed.
 * @param {object} vault from makeVault(); its env reaches the host through the browser
 * @param {{lang?: string, prefs?: object, home?: string, profile?: string}} [opts] prefs:
 *   extra Firefox preferences (e.g. HTTPS-First off, so that an http:// page stays http).
 *   home and profile: an installed set-up to start as it is (scripts/install.sh
 *   --firefox-profile), kept on close, for the restart test: the extension is then
 *   not installed temporarily, and `origin` is null
 */
export async function launchFirefox(vault, { lang = 'en', prefs = {}, home: keptHome, profile } = {}) {
  const home = keptHome ?? await tempDir('firefox-home');
  let routeHandler = null; // set by route(); applied to each page newPage() makes
  if (!keptHome) await installHost(vault, 'firefox', path.join(home, '.mozilla', 'native-messaging-hosts'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_BIN,
      headless: true,
      ...(profile ? { userDataDir: profile } : {}),
      env: { ...vault.processEnv(), HOME: home },
      extraPrefsFirefox: { 'intl.locale.requested': lang === 'ja' ? 'ja,en-US' : 'en-US', 'intl.accept_languages': lang === 'ja' ? 'ja,en' : 'en-US,en', ...prefs },
      defaultViewport: { width: 1000, height: 720 },
    });
  } catch (err) {
    await rm(home, { recursive: true, force: true });
    throw err;
  }
  const close = async () => {
    await browser.close().catch(() => {});
    if (!keptHome) await rm(home, { recursive: true, force: true });
  };
  if (profile) {
    return {
      name: 'firefox', browser, home, origin: null, deep, waitVisible,
      newPage: async () => {
        const page = await browser.newPage();
        if (routeHandler) await intercept(page, routeHandler);
        return page;
      },
      async route(handler) { routeHandler = handler; },
      close,
    };
  }
  try {
    await browser.installExtension(EXTENSION_DIR);
    // The onboarding tab: the first page whose document is ours.
    const options = await until(async () => {
      for (const page of await browser.pages()) {
        const href = await hrefOf(page);
        if (href.startsWith('moz-extension://')) return { page, href };
      }
      return null;
    }, { timeoutMs: 20_000, what: 'the extension to open its options page' });
    // URL.origin is "null" for moz-extension: (not a special scheme): cut it by hand.
    const origin = options.href.match(/^moz-extension:\/\/[^/]+\//)[0];

    return {
      name: 'firefox',
      browser,
      home,
      origin,
      optionsPage: options.page,
      deep,
      setViewport: (page, width, height) => page.setViewport({ width, height }),
      select: (page, selector, value) => page.select(selector, value),
      waitVisible,
      waitFor: (page, fn, arg, timeout = 15_000) => page.waitForFunction(fn, { timeout }, arg),
      newPage: async () => {
        const page = await browser.newPage();
        if (routeHandler) await intercept(page, routeHandler);
        return page;
      },
      /** Opens an extension page in a new tab via tabs.create from the options page. */
      async extensionPage(file) {
        const before = new Set(await browser.pages());
        // Runs in the options page, where `browser` is the WebExtension API.
        await options.page.evaluate((url) => globalThis.browser.tabs.create({ url }), `/${file}`);
        return until(async () => {
          for (const page of await browser.pages()) {
            if (before.has(page)) continue;
            if (await hrefOf(page) === origin + file) return page;
          }
          return null;
        }, { what: `${file} to open` });
      },
      /** Same contract as chromium.route; applies to pages made with newPage() from now on. */
      async route(handler) { routeHandler = handler; },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

const deep = (...parts) => parts.join(' >>> ');
const waitVisible = (page, selector, timeout = 15_000) => page.waitForSelector(selector, { visible: true, timeout });

// The page's real location. An evaluate() sent while a tab is still turning from
// about:blank into an extension page can hang (BiDi reports no such navigation),
// so each attempt is bounded and the caller polls again.
async function hrefOf(page) {
  let timer;
  const gaveUp = new Promise((resolve) => { timer = setTimeout(resolve, 1000, ''); });
  try {
    return await Promise.race([page.evaluate(() => location.href).catch(() => ''), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

async function intercept(page, handler) {
  await page.setRequestInterception(true);
  page.on('request', async (req) => {
    if (!/^https?:\/\//.test(req.url())) return req.continue();
    const postData = req.hasPostData() ? await req.fetchPostData().catch(() => '') : '';
    const res = await handler({ url: req.url(), method: req.method(), postData: postData ?? '' });
    if (!res) return req.abort();
    return req.respond({ status: res.status ?? 200, contentType: res.contentType ?? 'text/html; charset=utf-8', body: res.body });
  });
}

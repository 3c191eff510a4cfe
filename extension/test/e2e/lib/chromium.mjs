// Debian's Chromium through playwright-core, with the real extension and host.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_EXTENSION_ID, EXTENSION_DIR, installHost, tempDir, until } from './host.mjs';

export const CHROMIUM_BIN = process.env.TEAROFF_CHROMIUM ?? '/usr/lib/chromium/chromium';

/**
 * Chromium's command line for a throwaway headless profile, with the unpacked
 * extension at `extensionDir` loaded (none when null; scripts/bench.sh also
 * launches a browser without it and one with a control extension).
 */
export function chromiumArgs(extensionDir, lang = 'en') {
  const extension = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  return [
    ...extension,
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--lang=${lang}`,
  ];
}

/**
 * Launches Chromium with the extension loaded and the host installed into the
 * throwaway profile (Chromium with --user-data-dir reads PROFILE/NativeMessagingHosts).
 * @param {object} vault from makeVault(); its env reaches the host through the browser
 * @param {{lang?: string, withHost?: boolean, headless?: boolean, ownSignals?: boolean}} [opts] UI language,
 *   e.g. 'ja'; withHost: false leaves the host uninstalled (what a person sees before install);
 *   headless: false shows the window; ownSignals: the caller handles Ctrl-C itself and closes the
 *   browser (Playwright's own handler would exit before the caller removed its temp dirs; scripts/demo.sh)
 */
export async function launchChromium(vault, { lang = 'en', withHost = true, headless = true, ownSignals = false } = {}) {
  const profile = await tempDir('chromium');
  if (withHost) await installHost(vault, 'chromium', path.join(profile, 'NativeMessagingHosts'));
  const origin = `chrome-extension://${CHROME_EXTENSION_ID}/`;
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_BIN,
      headless,
      handleSIGINT: !ownSignals,
      handleSIGTERM: !ownSignals,
      handleSIGHUP: !ownSignals,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: chromiumArgs(EXTENSION_DIR, lang),
      // chrome.i18n follows the UI language, which Chromium on Linux takes from LANGUAGE.
      env: { ...vault.processEnv(), LANGUAGE: lang, LANG: lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8' },
      locale: lang === 'ja' ? 'ja-JP' : 'en-US',
      viewport: { width: 1000, height: 720 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(origin))
    ?? await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(origin), timeout: 20_000 });
  // On first install the extension opens its options page (onboarding). Wait for
  // it: openOptionsPage reuses an open options tab, so a test's own options tab
  // opened before it would be navigated under the test's feet.
  const optionsUrl = `${origin}options/options.html`;
  const optionsPage = await until(() => context.pages().find((p) => p.url() === optionsUrl), { timeoutMs: 20_000, what: 'the onboarding options tab' });

  return {
    name: 'chromium',
    context,
    worker,
    optionsPage,
    profile,
    origin,
    /** A CSS selector that reaches into open shadow roots (Playwright's CSS pierces them). */
    deep: (...parts) => parts.join(' '),
    setViewport: (page, width, height) => page.setViewportSize({ width, height }),
    select: (page, selector, value) => page.selectOption(selector, value),
    waitVisible: (page, selector, timeout = 15_000) => page.waitForSelector(selector, { state: 'visible', timeout }),
    waitFor: (page, fn, arg, timeout = 15_000) => page.waitForFunction(fn, arg, { timeout }),
    newPage: () => context.newPage(),
    /** A new tab showing an extension page (popup/options): chrome-extension:// URLs load directly. */
    async extensionPage(file) {
      const page = await context.newPage();
      await page.goto(origin + file);
      return page;
    },
    /**
     * Serves every https request from `handler({url, method, postData})`, which
     * returns {status?, contentType?, body} or null (aborted). Nothing reaches the network.
     */
    async route(handler) {
      await context.route(/^https?:\/\//, async (route) => {
        const req = route.request();
        const res = await handler({ url: req.url(), method: req.method(), postData: req.postData() ?? '' });
        if (!res) return route.abort();
        return route.fulfill({ status: res.status ?? 200, contentType: res.contentType ?? 'text/html; charset=utf-8', body: res.body });
      });
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

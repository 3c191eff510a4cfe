// Checks for the negative and rejected-code e2e tests: what the vault holds, where
// the offer sits, and (Chromium only) whether the extension's content script runs
// in a frame at all.
import assert from 'node:assert/strict';
import { until } from './host.mjs';

/** Every code of every account is still unused: nothing was reserved, used or spent. */
export async function assertVaultUntouched(vault, why) {
  for (const acc of await vault.list()) {
    const states = acc.codes.map((c) => c.state);
    assert.ok(states.every((s) => s === 'unused'), `${why}: ${acc.site}/${acc.account} codes are ${states.join(',')}`);
  }
}

/** The account summary (with codes) for site/account, from `tearoff list --json --reveal`. */
export async function accountOf(vault, site, account) {
  const acc = (await vault.list()).find((a) => a.site === site && a.account === account);
  assert.ok(acc, `account ${site}/${account} exists`);
  return acc;
}

/**
 * Every offer in the page's document: its state, the id of the element it was
 * inserted after (offer.js puts it right after the field, or after the <label>
 * wrapping it), and the accounts its fill buttons name.
 */
export function offersIn(pageOrFrame) {
  return pageOrFrame.evaluate(() => Array.from(document.querySelectorAll('[data-tearoff="offer"]'), (host) => ({
    state: host.dataset.state ?? '',
    after: host.previousElementSibling?.id ?? '',
    accounts: Array.from(host.shadowRoot?.querySelectorAll('[data-tearoff="fill"]') ?? [], (b) => b.dataset.account),
  })));
}

/**
 * Waits until an offer with a fill button sits right after the element with id
 * `id`; on timeout the error lists the offers there are instead.
 */
export async function waitForOfferAfter(driver, page, id) {
  try {
    await driver.waitFor(page, (want) => Array.from(document.querySelectorAll('[data-tearoff="offer"]'))
      .some((h) => h.previousElementSibling?.id === want && h.shadowRoot?.querySelector('[data-tearoff="fill"]')), id);
  } catch (err) {
    throw new Error(`no offer right after #${id} (${err.message}); offers in the page: ${JSON.stringify(await offersIn(page).catch(() => '?'))}`, { cause: err });
  }
}

/** The values of the inputs matched by `selector`, in document order. */
export function valuesOf(pageOrFrame, selector) {
  return pageOrFrame.evaluate((sel) => Array.from(document.querySelectorAll(sel), (i) => i.value), selector);
}

/** Selector of the offer's "Use a backup code" button. */
export function switchSelector(driver) {
  return driver.deep('[data-tearoff="offer"]', '[data-tearoff="switch"]');
}

/**
 * Chromium only: records the execution contexts CDP reports for `target` (a
 * Page, or an out-of-process iframe's Frame) from now on, plus those alive when
 * called. A content script runs in an "isolated" world whose origin is the
 * extension's, so `tearoffWorlds()` lists every document the extension reached.
 */
export async function watchWorlds(driver, target) {
  const session = await driver.context.newCDPSession(target);
  const contexts = []; // every context ever created, in order
  let live = []; // those of the current documents
  session.on('Runtime.executionContextCreated', ({ context }) => { contexts.push(context); live.push(context); });
  session.on('Runtime.executionContextDestroyed', ({ executionContextId }) => { live = live.filter((c) => c.id !== executionContextId); });
  session.on('Runtime.executionContextsCleared', () => { live = []; });
  await session.send('Runtime.enable');
  const extensionOrigin = driver.origin.replace(/\/$/, '');
  const isTearoff = (c) => c.auxData?.type === 'isolated' && c.origin === extensionOrigin;
  return {
    session,
    contexts,
    /** Tearoff's worlds among all contexts seen so far. */
    tearoffWorlds: () => contexts.filter(isTearoff),
    /** Waits for a live Tearoff world in a frame whose document is from `origin`; resolves to it. */
    waitForTearoff(origin) {
      return until(() => live.find((w) => isTearoff(w)
        && live.some((c) => c.auxData?.isDefault && c.auxData.frameId === w.auxData.frameId && c.origin === origin)),
      { timeoutMs: 15_000, what: `Tearoff's content script in ${origin}` });
    },
    detach: () => session.detach().catch(() => {}),
  };
}

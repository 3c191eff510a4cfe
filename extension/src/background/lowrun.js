// Running low: the toolbar badge counts the accounts at 2 codes or fewer, and
// a use that leaves an account there shows one notification that links to the
// site's page for new codes.
//
// The host decides what "running low" is (the account summary's running_low,
// host/PROTOCOL.md); this module only counts and remembers. What it remembers,
// in extension storage, is per account id: how many codes were used and
// whether the person was already told, plus the page for new codes. Never a
// code value.
//
// "One-time": an account is announced once when a use takes it to 2 or fewer,
// and again only after it went back above 2 (a new set imported, codes
// restored). A site that shows one code at a time (the catalogue's
// one_at_a_time, X) is announced at every use: each use means the person must
// fetch the next code from a signed-in app.

export const STATE_KEY = 'lowrun';
export const NOTIFICATION_PREFIX = 'tearoff-low:';
const BADGE_COLOR = '#9a6400';

/**
 * @param {object} deps
 * @param {object} deps.api chrome / browser
 * @param {(request: object) => Promise<object>} deps.request a host request ({ok, result} | {ok: false, error})
 * @param {() => Promise<object>} deps.sites the `sites` reply (the catalogue)
 */
export function createLowRun({ api, request, sites }) {
  const t = (key, ...subs) => api.i18n.getMessage(key, subs.map(String)) || key;
  let chain = Promise.resolve();

  async function oneAtATimeSites() {
    const reply = await sites();
    const list = reply?.ok && Array.isArray(reply.result?.sites) ? reply.result.sites : [];
    return new Set(list.filter((s) => s.one_at_a_time).map((s) => s.id));
  }

  async function load() {
    const stored = (await api.storage.local.get(STATE_KEY))?.[STATE_KEY];
    return stored && typeof stored.accounts === 'object' ? stored : { accounts: {} };
  }

  async function setBadge(count) {
    await api.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
    await api.action.setBadgeText({ text: count > 0 ? String(count) : '' });
    await api.action.setTitle({ title: count > 0 ? t('badge_title_low', count) : t('ext_name') });
  }

  function announce(acc, single) {
    const name = acc.site_name || acc.site;
    let message;
    if (single) message = t('notify_one_at_a_time', acc.account);
    else if (acc.remaining === 0) message = t('notify_empty', acc.account);
    else message = t('notify_low', acc.account, acc.remaining);
    if (isHttps(acc.regenerate_url)) message += ` ${t('notify_click')}`;
    return api.notifications.create(`${NOTIFICATION_PREFIX}${acc.id}`, {
      type: 'basic',
      iconUrl: api.runtime.getURL('icons/icon-128.png'),
      title: t('notify_title', name),
      message,
    });
  }

  async function run() {
    const reply = await request({ type: 'list' });
    // Locked, or no host: say nothing rather than a stale count.
    if (!reply.ok) return setBadge(0);
    const accounts = reply.result?.accounts ?? [];
    await setBadge(accounts.filter((a) => a.running_low).length);

    const state = await load();
    const single = await oneAtATimeSites();
    const next = { accounts: {} };
    for (const acc of accounts) {
      const prev = state.accounts[acc.id];
      const used = Number(acc.used) || 0;
      // A use since we last looked; the first sight of an account is no use.
      const wasUse = prev !== undefined && used > prev.used;
      const oneAtATime = single.has(acc.site);
      let notified = Boolean(prev?.notified) && acc.running_low;
      if (acc.running_low && wasUse && (oneAtATime || !notified)) {
        // A notification that cannot be shown must not stop the bookkeeping:
        // the count is still recorded, so it is not retried at every refresh.
        await announce(acc, oneAtATime).catch((err) => console.warn('tearoff: notification failed:', err?.message ?? err));
        notified = true;
      }
      next.accounts[acc.id] = { used, notified, url: isHttps(acc.regenerate_url) ? acc.regenerate_url : '' };
    }
    await api.storage.local.set({ [STATE_KEY]: next });
  }

  return {
    /** Re-reads the list: badge, then notifications. Runs one at a time; never rejects. */
    refresh() {
      chain = chain.then(run).catch((err) => console.warn('tearoff: running-low refresh failed:', err?.message ?? err));
      return chain;
    },

    /** notifications.onClicked: opens the account's page for new codes. */
    async clicked(notificationId) {
      if (typeof notificationId !== 'string' || !notificationId.startsWith(NOTIFICATION_PREFIX)) return;
      const id = notificationId.slice(NOTIFICATION_PREFIX.length);
      const url = (await load()).accounts[id]?.url;
      if (isHttps(url)) await api.tabs.create({ url });
      await api.notifications.clear(notificationId);
    },
  };
}

function isHttps(url) {
  try { return new URL(url).protocol === 'https:'; } catch { return false; }
}

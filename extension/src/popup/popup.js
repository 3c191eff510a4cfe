// The toolbar popup: host status, accounts by site with what is left, their actions
// for other devices (account-actions.js), and import.
import { api, h, host, localize, placeOf, relativeTime, siteCatalogue, siteForUrl, t } from './common.js';
import { renderStatus } from './status.js';
import { buildImportForm } from './import-form.js';
import { renderSyncLine } from './sync-line.js';
import { createAccountActions, needsNewCode } from './account-actions.js';
import { renderUncertain } from './uncertain.js';
import { renderReadiness } from './readiness.js';

const $ = (id) => document.getElementById(id);
let importForm = null;
let actions = null; // render(acc) of account-actions.js, made once the catalogue is known

/** One account row; the e2e tests find it by data-account. */
function accountItem(acc, site) {
  const usable = Math.max((acc.total ?? 0) - (acc.revoked ?? 0), acc.remaining ?? 0);
  const remaining = acc.remaining ?? 0;
  const level = acc.warning === 'empty' || remaining === 0 ? 'empty' : acc.warning === 'low' || remaining <= 2 ? 'low' : '';
  const meter = h('span', {});
  meter.style.width = `${usable ? Math.round((remaining / usable) * 100) : 0}%`;
  const last = acc.last_used
    ? t('popup_last_used', relativeTime(acc.last_used.at), placeOf(acc.last_used.on))
    : t('popup_never_used');
  return h('li', { class: `account ${level}`, dataset: { account: acc.account, accountId: acc.id } },
    h('div', { class: 'acc-line' },
      h('span', { class: 'acc-label', title: acc.account }, acc.account || t('popup_unnamed')),
      h('span', { class: 'count', title: t('popup_remaining_title') }, t('popup_remaining', remaining, usable))),
    h('div', { class: 'meter', 'aria-hidden': 'true' }, meter),
    h('div', { class: 'muted small' }, last),
    acc.uncertain ? h('div', { class: 'small uncertain' }, t('popup_uncertain', acc.uncertain)) : null,
    // A spent one-at-a-time code: the actions say where the new one is, which says more.
    level === 'empty' && !needsNewCode(acc, site) ? h('div', { class: 'warning strong', role: 'alert' }, t('popup_warning_empty'))
      : level === 'low' ? h('div', { class: 'warning' }, t('popup_warning_low', remaining)) : null,
    actions?.(acc));
}

function renderAccounts(accounts, catalogue) {
  const box = $('accounts');
  box.replaceChildren();
  if (!accounts.length) {
    box.append(h('p', { class: 'no-accounts muted' }, t('popup_no_accounts')));
    return;
  }
  const bySite = new Map();
  for (const acc of accounts) {
    if (!bySite.has(acc.site)) bySite.set(acc.site, []);
    bySite.get(acc.site).push(acc);
  }
  for (const [site, list] of bySite) {
    const info = catalogue.find((s) => s.id === site);
    const first = list[0];
    const regen = first.regenerate_url || info?.regenerate_url;
    box.append(h('section', { class: 'site', dataset: { site } },
      h('div', { class: 'site-head' },
        h('h2', {}, first.site_name || info?.name || site),
        regen ? h('a', { href: regen, target: '_blank', rel: 'noopener' }, t('popup_get_new_codes')) : null),
      info?.one_at_a_time ? h('p', { class: 'note small' }, t('popup_one_at_a_time')) : null,
      h('ul', {}, list.map((acc) => accountItem(acc, info)))));
  }
}

async function activeTabUrl() {
  // With activeTab, the tab the popup was opened on exposes its URL; nothing else does.
  try {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    return tab?.url ?? '';
  } catch { return ''; }
}

async function refresh() {
  const hello = await renderStatus($('status'), refresh);
  const details = $('import');
  if (!hello) {
    $('accounts').replaceChildren();
    $('uncertain').hidden = true;
    $('this-site').hidden = true;
    details.hidden = true;
    return;
  }
  const [list, catalogue, tabUrl] = await Promise.all([host({ type: 'list' }), siteCatalogue(), activeTabUrl()]);
  if (!list.ok) {
    $('accounts').replaceChildren(h('p', { class: 'error' }, list.error.message));
    return;
  }
  const accounts = list.result?.accounts ?? [];
  actions ??= createAccountActions({ catalogue, revealBox: $('reveal'), onChanged: () => refresh() });
  renderAccounts(accounts, catalogue);
  renderSyncLine($('status'), list.result?.sync);
  renderUncertain($('uncertain'), accounts, () => refresh());

  details.hidden = false;
  if (!importForm) {
    importForm = buildImportForm(catalogue, { onImported: () => refresh() });
    details.append(importForm.form);
  }
  if (!accounts.length) details.open = true;
  renderReadiness($('readiness'), (id) => { importForm.setSite(id); details.open = true; importForm.focus(); });

  const site = siteForUrl(tabUrl, catalogue);
  const here = $('this-site');
  here.hidden = !site;
  if (site) {
    const name = catalogue.find((s) => s.id === site)?.name ?? site;
    here.replaceChildren(h('button', { type: 'button', class: 'secondary', onclick: () => {
      importForm.setSite(site);
      details.open = true;
      importForm.focus();
    } }, t('popup_add_for_site', name)));
  }
}

localize();
$('manage').addEventListener('click', () => {
  api.runtime.openOptionsPage();
  window.close();
});
refresh();

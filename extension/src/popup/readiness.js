// "Sites where you use 2FA but have no backup codes": the host's readiness list
// (PROTOCOL.md `readiness`), each with a link to the site's page for codes, an import
// button and a dismiss button. Hidden when empty or when the options turned it off.
import { api, h, host, t } from './common.js';

export const READINESS_OFF_KEY = 'tearoff_readiness_off'; // also in background/pages.js

/** Whether the list is on (the options page's setting; on by default). */
export async function readinessEnabled() {
  try {
    const got = await api.storage.local.get(READINESS_OFF_KEY);
    return got?.[READINESS_OFF_KEY] !== true;
  } catch {
    return false;
  }
}

/**
 * Renders the list into `box`.
 * @param {HTMLElement} box
 * @param {(site: string) => void} onImport opens the import form for that site
 */
export async function renderReadiness(box, onImport) {
  // data-state says what the last render found (off, empty, shown): tests wait on it.
  const done = (state) => { box.dataset.state = state; box.hidden = state !== 'shown'; };
  if (!(await readinessEnabled())) { box.replaceChildren(); done('off'); return; }
  const reply = await host({ type: 'readiness' });
  const sites = reply.ok ? reply.result?.sites ?? [] : [];
  if (!sites.length) { box.replaceChildren(); done('empty'); return; }
  const item = (s) => h('li', { class: 'ready', dataset: { domain: s.domain } },
    h('div', { class: 'acc-line' },
      h('span', { class: 'acc-label', title: s.domain }, s.site_name || s.domain),
      h('button', { type: 'button', class: 'link small', dataset: { action: 'dismiss' }, title: t('popup_readiness_dismiss'), 'aria-label': t('popup_readiness_dismiss'), onclick: async () => {
        const r = await host({ type: 'dismiss_readiness', domain: s.domain });
        if (r.ok) await renderReadiness(box, onImport);
      } }, '×')),
    h('div', { class: 'muted small' }, t('popup_readiness_seen', s.date)),
    h('div', { class: 'row small' },
      s.regenerate_url ? h('a', { href: s.regenerate_url, target: '_blank', rel: 'noopener', dataset: { action: 'codes-page' } }, t('popup_readiness_get_codes')) : null,
      h('button', { type: 'button', class: 'link', dataset: { action: 'import' }, onclick: () => onImport(s.site) }, t('popup_readiness_import'))));
  box.replaceChildren(
    h('div', { class: 'site-head' }, h('h2', {}, t('popup_readiness_title'))),
    h('p', { class: 'muted small' }, t('popup_readiness_help')),
    h('ul', { class: 'readiness' }, sites.map(item)));
  done('shown');
}

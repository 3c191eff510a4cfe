// Options page: import, rename, remove, replace a set, restore a used code, history.
import { api, h, host, localize, placeOf, relativeTime, siteCatalogue, t } from '../popup/common.js';
import { renderStatus } from '../popup/status.js';
import { buildImportForm } from '../popup/import-form.js';
import { readinessSetting } from './readiness-setting.js';

const $ = (id) => document.getElementById(id);
const EVENT_KINDS = ['import', 'replace', 'reserve', 'consume', 'release', 'expire', 'use', 'restore', 'rename', 'remove'];
// Events after which the code may be spent: these get a "restore" button.
const RESTORABLE = new Set(['consume', 'use', 'expire']);

let catalogue = [];
let importForm = null;

function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

async function showHistory(acc, list, note) {
  const reply = await host({ type: 'history', account: acc.id });
  if (!reply.ok) { list.replaceChildren(h('li', { class: 'error' }, reply.error.message)); return; }
  const events = reply.result?.events ?? [];
  if (!events.length) { list.replaceChildren(h('li', { class: 'muted' }, t('options_history_empty'))); return; }
  list.replaceChildren(...events.map((ev) => {
    const kind = EVENT_KINDS.includes(ev.kind) ? t(`options_event_${ev.kind}`) : ev.kind;
    const restore = RESTORABLE.has(ev.kind) && ev.code_id
      ? h('button', { type: 'button', class: 'secondary', dataset: { action: 'restore', codeId: ev.code_id }, onclick: async () => {
        if (!confirm(t('options_restore_confirm'))) return;
        const r = await host({ type: 'restore', code_id: ev.code_id });
        note.className = r.ok ? 'form-message ok' : 'form-message error';
        note.textContent = r.ok ? t('options_restored') : r.error.message;
        if (r.ok) await render();
      } }, t('options_restore'))
      : h('span', {});
    return h('li', { dataset: { kind: ev.kind } },
      h('span', { title: relativeTime(ev.time) }, formatTime(ev.time)),
      h('span', { class: 'kind' }, kind),
      h('span', { class: 'where', title: ev.url ?? '' }, placeOf(ev.url)),
      restore);
  }));
}

function accountCard(acc) {
  const remaining = acc.remaining ?? 0;
  const usable = Math.max((acc.total ?? 0) - (acc.revoked ?? 0), remaining);
  const level = remaining === 0 ? 'empty' : remaining <= 2 ? 'low' : '';
  const note = h('p', { class: 'form-message', role: 'status' });
  const history = h('ul', { class: 'history', hidden: true });
  const extra = h('div', {});

  const rename = () => {
    const input = h('input', { type: 'text', value: acc.account ?? '', 'aria-label': t('options_rename_label') });
    const form = h('form', { class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      const r = await host({ type: 'rename', account: acc.id, label: input.value.trim() });
      if (r.ok) { await render(); return; }
      note.className = 'form-message error';
      note.textContent = r.error.message;
    } }, input, h('button', { type: 'submit' }, t('options_save')));
    extra.replaceChildren(form);
    input.focus();
  };
  const remove = async () => {
    if (!confirm(t('options_remove_confirm', acc.account, acc.site_name || acc.site))) return;
    const r = await host({ type: 'remove', account: acc.id });
    if (r.ok) { await render(); return; }
    note.className = 'form-message error';
    note.textContent = r.error.message;
  };
  const replace = () => {
    importForm.setSite(acc.site);
    importForm.setAccount(acc.account);
    importForm.setReplace(true);
    $('import-panel').scrollIntoView({ behavior: 'smooth' });
    importForm.focus();
  };
  const toggleHistory = async () => {
    history.hidden = !history.hidden;
    if (!history.hidden) await showHistory(acc, history, note);
  };

  const last = acc.last_used ? t('popup_last_used', relativeTime(acc.last_used.at), placeOf(acc.last_used.on)) : t('popup_never_used');
  return h('div', { class: `card ${level}`, dataset: { account: acc.account, accountId: acc.id } },
    h('div', { class: 'card-head' },
      h('h3', {}, acc.account || t('popup_unnamed'), ' ', h('span', { class: 'site-name' }, `· ${acc.site_name || acc.site}`)),
      h('span', { class: 'count' }, t('popup_remaining', remaining, usable))),
    h('div', { class: 'muted small' }, last),
    acc.uncertain ? h('div', { class: 'small uncertain' }, t('popup_uncertain', acc.uncertain)) : null,
    level === 'empty' ? h('div', { class: 'warning strong' }, t('popup_warning_empty'))
      : level === 'low' ? h('div', { class: 'warning' }, t('popup_warning_low', remaining)) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', dataset: { action: 'history' }, onclick: toggleHistory }, t('options_history')),
      h('button', { type: 'button', dataset: { action: 'rename' }, onclick: rename }, t('options_rename')),
      h('button', { type: 'button', dataset: { action: 'replace' }, onclick: replace }, t('options_replace')),
      acc.regenerate_url ? h('a', { href: acc.regenerate_url, target: '_blank', rel: 'noopener', class: 'small' }, t('popup_get_new_codes')) : null,
      h('button', { type: 'button', class: 'danger', dataset: { action: 'remove' }, onclick: remove }, t('options_remove'))),
    extra, note, history);
}

function restoreByValueForm() {
  const site = h('select', { required: true, 'aria-label': t('popup_import_site') },
    ...catalogue.map((s) => h('option', { value: s.id }, s.name)));
  const account = h('input', { type: 'text', placeholder: t('popup_import_account_placeholder'), 'aria-label': t('popup_import_account') });
  const code = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-label': t('options_restore_code') });
  const note = h('p', { class: 'form-message', role: 'status' });
  return h('form', { class: 'restore-form', onsubmit: async (e) => {
    e.preventDefault();
    const request = { type: 'restore', site: site.value, code: code.value.trim() };
    if (account.value.trim()) request.account = account.value.trim();
    const r = await host(request);
    note.className = r.ok ? 'form-message ok' : 'form-message error';
    note.textContent = r.ok ? t('options_restored') : r.error.message;
    if (r.ok) { code.value = ''; await render(); }
  } },
  h('label', {}, h('span', {}, t('popup_import_site')), site),
  h('label', {}, h('span', {}, t('popup_import_account')), account),
  h('label', {}, h('span', {}, t('options_restore_code')), code),
  h('div', { class: 'row' }, h('button', { type: 'submit' }, t('options_restore'))),
  note);
}

async function render() {
  const hello = await renderStatus($('status'), render);
  $('main').hidden = !hello;
  if (!hello) return;
  if (!catalogue.length) catalogue = await siteCatalogue();
  if (!importForm) {
    importForm = buildImportForm(catalogue, { allowReplace: true, onImported: () => render() });
    $('import-panel').append(importForm.form);
    $('restore-panel').append(restoreByValueForm());
    $('restore-panel').after(await readinessSetting());
  }
  const reply = await host({ type: 'list' });
  const box = $('accounts');
  if (!reply.ok) { box.replaceChildren(h('p', { class: 'error' }, reply.error.message)); return; }
  const accounts = reply.result?.accounts ?? [];
  box.replaceChildren(...(accounts.length ? accounts.map(accountCard) : [h('p', { class: 'muted' }, t('popup_no_accounts'))]));
}

localize();
render();
// Codes change from elsewhere too (the CLI, a login in another tab): show fresh
// counts whenever the person comes back to this tab.
document.addEventListener('visibilitychange', () => { if (!document.hidden) render(); });

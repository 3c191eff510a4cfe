// Per-account actions for codes on devices the browser cannot see (PROTOCOL.md
// hand_out, mark_used, set_current): take the next code to type on another device,
// record a code typed elsewhere, and, on sites that show one code at a time, store
// the new code the site issued once the old one is spent. Typed codes go to the host
// and nowhere else; the fields are emptied once it has answered.
import { api, h, host, placeOf, relativeTime, t } from './common.js';
import { showReveal } from './reveal.js';

/** The catalogue text for the UI language: {en, ja} -> string. */
function localText(map) {
  if (!map) return '';
  const lang = api.i18n.getUILanguage().toLowerCase().split('-')[0];
  return map[lang] ?? map.en ?? '';
}

/**
 * True when `acc` is on a one-code-at-a-time site (catalogue `one_at_a_time`) and
 * its current code is spent: the site has issued a new one, to be pasted here.
 */
export function needsNewCode(acc, site) {
  return Boolean(site?.one_at_a_time) && (acc.remaining ?? 0) === 0 && (acc.reserved ?? 0) === 0 && (acc.used ?? 0) > 0;
}

/** The sentence for an already_used error: when and where, in the UI language. */
function alreadyUsed(error) {
  const used = error.used;
  if (!used) return error.message;
  if (used.on === 'import') return t('popup_already_used_import');
  const when = new Date(used.at);
  const absolute = Number.isNaN(when.getTime()) ? used.at
    : new Intl.DateTimeFormat(api.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(when);
  return t('popup_already_used', relativeTime(used.at), absolute, placeOf(used.on) || '?');
}

/**
 * @param {object} deps
 * @param {object[]} deps.catalogue the `sites` catalogue
 * @param {HTMLElement} deps.revealBox where a handed-out code is shown (outside the list,
 *   so that it outlives the list's re-render)
 * @param {() => void} deps.onChanged re-reads the accounts after a change
 */
export function createAccountActions({ catalogue, revealBox, onChanged }) {
  // What each account's forms last said, and which are open: the list is re-rendered
  // after every change, and the answer must still be there to read.
  const notes = new Map(); // `${accountId}:${form}` -> {kind, text}
  const open = new Set(); // account ids with the "used elsewhere" form open

  const siteOf = (acc) => catalogue.find((s) => s.id === acc.site);
  const siteName = (acc) => acc.site_name || siteOf(acc)?.name || acc.site;

  /** The last answer for `key`, or nothing (no empty boxes in the list). */
  function note(key) {
    const n = notes.get(key);
    if (!n) return null;
    return h('p', { class: `form-message ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status', dataset: { tearoffNote: key.split(':')[1] } }, n.text);
  }

  /** A one-field form that sends `request(value)` and words the reply with `answer`. */
  function codeForm({ acc, form, label, submitLabel, request, answer }) {
    const key = `${acc.id}:${form}`;
    const input = h('input', { type: 'text', name: 'code', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-label': label });
    const submit = h('button', { type: 'submit' }, submitLabel);
    return h('form', { class: 'code-form', dataset: { tearoffForm: form }, onsubmit: async (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      submit.disabled = true;
      const reply = await host(request(input.value));
      input.value = '';
      submit.disabled = false;
      notes.set(key, answer(reply));
      onChanged();
    } },
    h('label', {}, h('span', {}, label), h('div', { class: 'row' }, input, submit)),
    note(key));
  }

  function refused(reply, acc) {
    const { code } = reply.error;
    if (code === 'already_used') return { kind: 'error', text: alreadyUsed(reply.error) };
    if (code === 'not_found') return { kind: 'error', text: t('popup_code_not_held', acc.account) };
    if (code === 'invalid_codes') return { kind: 'error', text: t('popup_code_malformed', siteName(acc)) };
    return { kind: 'error', text: reply.error.message };
  }

  async function handOut(acc, button) {
    button.disabled = true;
    const reply = await host({ type: 'hand_out', account: acc.id });
    button.disabled = false;
    if (!reply.ok) {
      notes.set(`${acc.id}:hand-out`, refused(reply, acc));
    } else {
      notes.delete(`${acc.id}:hand-out`);
      showReveal(revealBox, { acc, siteName: siteName(acc), handed: reply.result, onChanged });
    }
    onChanged();
  }

  /** The actions for one account row. */
  return function render(acc) {
    const site = siteOf(acc);
    const handOutButton = h('button', { type: 'button', class: 'link', title: t('popup_hand_out_title'),
      disabled: (acc.remaining ?? 0) === 0, dataset: { tearoffAction: 'hand-out' } }, t('popup_hand_out'));
    handOutButton.addEventListener('click', () => handOut(acc, handOutButton));
    const toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': String(open.has(acc.id)), dataset: { tearoffAction: 'mark-used' },
      onclick: () => { open.has(acc.id) ? open.delete(acc.id) : open.add(acc.id); onChanged(); } }, t('popup_mark_used'));

    const parts = [h('div', { class: 'actions' }, handOutButton, toggle), note(`${acc.id}:hand-out`)];
    if (open.has(acc.id)) {
      parts.push(codeForm({
        acc, form: 'mark-used', label: t('popup_mark_used_label'), submitLabel: t('popup_mark_used_submit'),
        request: (code) => ({ type: 'mark_used', account: acc.id, code }),
        answer: (reply) => (reply.ok ? { kind: 'ok', text: t('popup_marked_used', reply.result.remaining) } : refused(reply, acc)),
      }));
    }
    if (needsNewCode(acc, site)) {
      parts.push(h('div', { class: 'new-code', dataset: { tearoffNewCode: acc.id } },
        h('p', { class: 'new-code-text', role: 'alert' },
          h('strong', { class: 'warning strong' }, t('popup_new_code', siteName(acc))), ' ', t('popup_new_code_where', localText(site.new_code))),
        codeForm({
          acc, form: 'set-current', label: t('popup_new_code_label'), submitLabel: t('popup_new_code_submit'),
          request: (code) => ({ type: 'set_current', account: acc.id, code }),
          answer: (reply) => (reply.ok ? { kind: 'ok', text: t('popup_new_code_saved') } : refused(reply, acc)),
        })));
    } else {
      parts.push(note(`${acc.id}:set-current`)); // "Saved", after the box itself went away
    }
    return h('div', { class: 'account-actions' }, ...parts);
  };
}

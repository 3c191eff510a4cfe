// The code handed out for another device (PROTOCOL.md hand_out), shown large in the
// popup's #reveal box. It is already recorded as used; "I didn't use it" restores it.
// The value lives only in this box's DOM: it goes to the clipboard only on a click of
// Copy, and it is removed after a minute, on Hide, on restore, and with the popup.
import { h, host, t } from './common.js';

export const REVEAL_MS = 60_000;

let hideTimer = null;

/** Empties the box, dropping the code from the DOM. */
export function hideReveal(box) {
  clearTimeout(hideTimer);
  hideTimer = null;
  box.replaceChildren();
  box.hidden = true;
}

/**
 * Shows `handed` ({code, code_id, remaining}) for account `acc` of site `siteName`.
 * `onChanged` runs after a restore (the counts changed).
 */
export function showReveal(box, { acc, siteName, handed, onChanged }) {
  hideReveal(box);
  const status = h('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
  const say = (kind, text) => { status.className = `form-message ${kind}`; status.textContent = text; };

  const copy = h('button', { type: 'button', class: 'secondary', dataset: { tearoffCopy: '' }, onclick: async () => {
    try {
      await navigator.clipboard.writeText(handed.code);
      say('ok', t('popup_copied'));
    } catch {
      say('error', t('popup_copy_failed'));
    }
  } }, t('popup_copy'));

  const restore = h('button', { type: 'button', class: 'secondary', dataset: { tearoffRestore: '' }, onclick: async () => {
    restore.disabled = true;
    const reply = await host({ type: 'restore', code_id: handed.code_id });
    if (!reply.ok) {
      restore.disabled = false;
      say('error', reply.error.message);
      return;
    }
    hideReveal(box);
    box.hidden = false;
    box.append(h('p', { class: 'form-message ok', role: 'status', dataset: { tearoffRestored: '' } }, t('popup_restored')));
    onChanged?.();
  } }, t('popup_not_used'));

  const hide = h('button', { type: 'button', class: 'link', onclick: () => hideReveal(box) }, t('popup_hide'));

  box.append(
    h('p', { class: 'reveal-title' }, t('popup_reveal_title', siteName, acc.account)),
    h('p', { class: 'reveal-code', dataset: { tearoffRevealed: acc.id } }, handed.code),
    h('p', { class: 'small' }, t('popup_reveal_recorded', handed.remaining)),
    h('div', { class: 'row' }, copy, restore, hide),
    status,
    h('p', { class: 'muted small' }, t('popup_reveal_hides')));
  box.hidden = false;
  hideTimer = setTimeout(() => hideReveal(box), REVEAL_MS);
}

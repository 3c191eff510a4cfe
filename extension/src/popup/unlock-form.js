// The file backend's passphrase form, shown in the status box while the host
// needs a passphrase. For a keyring with no vault yet (hello.vault_exists
// false) the passphrase sent becomes the new vault's, so a typo would lock the
// person out of their own codes: then it is asked for twice, as the CLI does,
// and a mismatch never reaches the host.
import { h, host, t } from './common.js';

/**
 * The title, form and error line for `hello`; `onUnlocked` runs after the host
 * accepted the passphrase. The form carries data-tearoff-unlock="new" or
 * "existing" so the e2e tests can tell which one is shown.
 */
export function unlockForm(hello, onUnlocked) {
  const isNew = hello.vault_exists === false;
  const field = (name, autocomplete, label) =>
    h('input', { type: 'password', name, autocomplete, required: true, 'aria-label': label });
  const err = h('p', { class: 'error', role: 'alert' });

  async function send(passphrase) {
    const r = await host({ type: 'unlock', passphrase });
    if (r.ok) { onUnlocked?.(); return; }
    err.textContent = r.error.code === 'bad_passphrase' ? t('popup_bad_passphrase') : r.error.message;
  }

  if (!isNew) {
    const input = field('passphrase', 'current-password', t('popup_passphrase'));
    const form = h('form', { class: 'row', dataset: { tearoffUnlock: 'existing' }, onsubmit: async (e) => {
      e.preventDefault();
      const passphrase = input.value;
      input.value = '';
      await send(passphrase);
    } }, input, h('button', { type: 'submit' }, t('popup_unlock')));
    return [h('p', { class: 'status-title' }, t('popup_status_needs_passphrase')), form, err];
  }

  const first = field('passphrase', 'new-password', t('popup_passphrase'));
  const repeat = field('repeat', 'new-password', t('popup_passphrase_repeat'));
  const form = h('form', { class: 'new-passphrase', dataset: { tearoffUnlock: 'new' }, onsubmit: async (e) => {
    e.preventDefault();
    if (first.value !== repeat.value) {
      // Both again: which of the two holds the typo cannot be told.
      first.value = '';
      repeat.value = '';
      err.textContent = t('popup_passphrase_mismatch');
      first.focus();
      return;
    }
    const passphrase = first.value;
    first.value = '';
    repeat.value = '';
    err.textContent = '';
    await send(passphrase);
  } },
  h('label', {}, h('span', {}, t('popup_passphrase')), first),
  h('label', {}, h('span', {}, t('popup_passphrase_repeat')), repeat),
  h('button', { type: 'submit' }, t('popup_use_passphrase')));
  return [
    h('p', { class: 'status-title' }, t('popup_status_new_passphrase')),
    h('p', { class: 'small' }, t('popup_new_passphrase_hint')),
    form, err,
  ];
}

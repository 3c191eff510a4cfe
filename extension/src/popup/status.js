// The host and keyring status box at the top of the popup and the options
// page: what is wrong and the exact fix (install command, passphrase, unlock).
import { h, host, t, browserName } from './common.js';
import { unlockForm } from './unlock-form.js';

const CHANNEL_ERRORS = new Set(['host_missing', 'host_forbidden', 'host_failed', 'host_exited', 'host_timeout']);

/**
 * Renders the host/keyring status into `box`. Resolves to the hello result when
 * the host is usable (unlocked), else null. `onUnlocked` runs after a successful unlock.
 */
export async function renderStatus(box, onUnlocked) {
  const reply = await host({ type: 'hello' });
  box.replaceChildren();
  box.className = 'status';
  if (!reply.ok) {
    box.classList.add('bad');
    const code = reply.error.code;
    box.append(h('p', { class: 'status-title' }, CHANNEL_ERRORS.has(code) ? t(`popup_status_${code}`) : t('popup_status_error')));
    // The detail only when it says more than the title: the host's or browser's own reason.
    if (!CHANNEL_ERRORS.has(code) || reply.error.message !== t(`bg_${code}`)) box.append(h('p', { class: 'muted' }, reply.error.message));
    if (CHANNEL_ERRORS.has(code) && code !== 'host_timeout') {
      box.append(h('p', {}, t('popup_install_hint')));
      box.append(h('pre', { class: 'cmd' }, 'scripts/install.sh'));
      box.append(h('p', {}, t('popup_install_hint_or')));
      box.append(h('pre', { class: 'cmd' }, `tearoff install --browser ${browserName()}`));
    }
    return null;
  }
  const hello = reply.result ?? {};
  box.dataset.backend = hello.backend ?? '';
  if (hello.locked && hello.needs_passphrase) {
    box.classList.add('warn');
    box.append(...unlockForm(hello, onUnlocked));
    return null;
  }
  if (hello.locked) {
    box.classList.add('warn');
    box.append(h('p', { class: 'status-title' }, t('popup_status_locked')), h('p', { class: 'muted' }, t('popup_status_locked_hint')));
    return null;
  }
  box.classList.add('good');
  box.append(h('p', { class: 'status-line' }, t('popup_status_ok', hello.backend ?? '?', hello.version ?? '?')));
  return hello;
}

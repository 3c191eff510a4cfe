// The options page's switch for the readiness list: when off, the popup shows no list
// and the background records nothing (background/router.js asks before note_2fa_site).
import { api, h, t } from '../popup/common.js';
import { READINESS_OFF_KEY, readinessEnabled } from '../popup/readiness.js';

/** A panel with the checkbox, bound to storage.local. */
export async function readinessSetting() {
  const box = h('input', { type: 'checkbox', id: 'readiness-on', dataset: { setting: 'readiness' } });
  box.checked = await readinessEnabled();
  box.addEventListener('change', () => api.storage.local.set({ [READINESS_OFF_KEY]: !box.checked }));
  return h('section', { class: 'panel', id: 'settings-panel' },
    h('h2', {}, t('options_settings_title')),
    h('label', { class: 'check' }, box, h('span', {}, t('options_readiness_on'))),
    h('p', { class: 'muted small' }, t('options_readiness_help')));
}

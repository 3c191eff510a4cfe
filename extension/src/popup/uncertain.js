// "Did you use these codes?": the uncertain codes (a code filled into a page
// whose submit was never seen, host/PROTOCOL.md "Reservations"), each with
// "I used it" and "It's still good", which send the host's `settle`. Only ids,
// times and pages come here, never a code value.
import { h, host, placeOf, relativeTime, t } from './common.js';

/**
 * Renders every account's uncertain codes into `box` (hidden when none).
 * `onSettled` runs after a settle succeeded, to redraw the counts.
 */
export function renderUncertain(box, accounts, onSettled) {
  const items = accounts.flatMap((acc) => (acc.uncertain_codes ?? []).map((code) => ({ acc, code })));
  box.hidden = items.length === 0;
  if (!items.length) { box.replaceChildren(); return; }
  const message = h('p', { class: 'form-message', role: 'status' });

  const item = ({ acc, code }) => {
    const name = `${acc.site_name || acc.site} ${acc.account}`;
    const text = code.handed_at
      ? t('popup_uncertain_item', name, placeOf(code.handed_on), relativeTime(code.handed_at))
      : t('popup_uncertain_item_unknown', name);
    const settle = (used) => async (event) => {
      const buttons = event.target.closest('li').querySelectorAll('button');
      buttons.forEach((b) => { b.disabled = true; });
      const reply = await host({ type: 'settle', code_id: code.id, used });
      if (reply.ok) { onSettled(); return; }
      buttons.forEach((b) => { b.disabled = false; });
      message.className = 'form-message error';
      message.textContent = t('popup_settle_failed', reply.error.message);
    };
    return h('li', { dataset: { codeId: code.id, accountId: acc.id } },
      h('span', { class: 'small' }, text),
      h('span', { class: 'settle' },
        h('button', { type: 'button', class: 'secondary', dataset: { settle: 'used' }, onclick: settle(true) }, t('popup_settle_used')),
        h('button', { type: 'button', class: 'secondary', dataset: { settle: 'unused' }, onclick: settle(false) }, t('popup_settle_unused'))));
  };

  box.replaceChildren(
    h('h2', {}, t('popup_uncertain_title')),
    h('p', { class: 'muted small' }, t('popup_uncertain_help')),
    h('ul', {}, items.map(item)),
    message);
}

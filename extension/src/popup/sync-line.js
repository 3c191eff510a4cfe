// The "last synced …" line under the host status: how sync with the person's
// other computers stands (host/PROTOCOL.md "sync status", the list reply).
import { h, relativeTime, t } from './common.js';

/** Shows `sync` in `box`; nothing while sync is off. */
export function renderSyncLine(box, sync) {
  box.querySelector('.sync-line')?.remove();
  if (!sync?.enabled) return;
  const when = sync.last_sync ? t('popup_sync_last', relativeTime(sync.last_sync)) : t('popup_sync_never');
  box.append(h('p', { class: `sync-line small ${sync.error ? 'warning' : 'muted'}`, role: sync.error ? 'status' : null },
    sync.error ? t('popup_sync_error', when, sync.error) : when));
}

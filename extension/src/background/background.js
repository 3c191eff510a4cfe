// Service worker (Chrome family) / background script (Firefox): wires the
// native port to the runtime message API. See native.js and router.js.
import { HOST_NAME, NativeClient } from './native.js';
import { createRouter } from './router.js';
import { createLowRun } from './lowrun.js';
import { publishPages, readinessOn } from './pages.js';
import { FINDER_FILES } from './finder.js';

const api = globalThis.browser ?? globalThis.chrome;

// Localised text for the channel's own failures; the host's messages pass through as they are.
function describe(key, fallback) {
  const name = key.startsWith('bg_') ? key : `bg_${key}`;
  return api.i18n.getMessage(name) || fallback;
}

const client = new NativeClient(() => api.runtime.connectNative(HOST_NAME), {
  lastError: () => api.runtime.lastError,
  describe,
});

const lowRun = createLowRun({ api, request: (r) => client.request(r), sites: () => router.sites() });

const router = createRouter({
  client,
  extensionId: api.runtime.id,
  extensionOrigin: api.runtime.getURL(''),
  describe,
  onChange: () => lowRun.refresh(),
  readinessOn: () => readinessOn(api.storage.local),
  // Into the content script's own world (the default), in the top frame that asked: by
  // its document where the browser names it (Chrome), so a page the tab has meanwhile
  // navigated to is left alone.
  injectFinder: (sender) => api.scripting.executeScript({
    target: sender.documentId ? { tabId: sender.tab.id, documentIds: [sender.documentId] } : { tabId: sender.tab.id, frameIds: [0] },
    files: FINDER_FILES,
  }),
});

// Listeners are registered synchronously at top level so that the browser can
// wake the worker for them.
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  router.handle(message, sender).then(sendResponse);
  return true; // the reply is sent asynchronously
});

api.tabs.onRemoved.addListener((tabId) => router.forgetTab(tabId));
api.notifications.onClicked.addListener((id) => { lowRun.clicked(id); });

// First install: open the options page, which shows whether the host is
// installed (and the command to install it) and where to import codes.
api.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install') api.runtime.openOptionsPage();
});

client.start();
lowRun.refresh(); // the badge from the start, counting uses made elsewhere (the CLI) meanwhile
// The capture and phone pages for the content scripts (pages.js); a failure leaves the last list.
publishPages(() => client.request({ type: 'sites' }), api.storage.local).catch(() => {});

// TearoffMessaging: the content script's only channel, runtime.sendMessage to the background.
//
// Contract (background side: src/background/router.js). Every reply is
// {ok: true, result} or {ok: false, error: {code, message}}.
//   {type: 'tearoff:sites'}                  -> {sites: [...]}  catalogue, cached by the background
//   {type: 'tearoff:offer'}                  -> {site, site_name, domain, accounts: [{id, account, remaining, uncertain, total}]}
//   {type: 'tearoff:reserve', account: id}   -> {code_id, code, account, site, uncertain}
//   {type: 'tearoff:consume', code_id}       -> {code_id, used_at, event_id, remaining}
//   {type: 'tearoff:release', code_id}       -> {code_id, state}
//   {type: 'tearoff:username', username}     remember the username typed in this login flow (per tab + site, memory only)
//   {type: 'tearoff:username'}               -> {username}
//   {type: 'tearoff:finder'}                 -> {}  the finder injected into this frame (boot.js)
// The background never takes a URL from these messages: it uses sender.tab.url /
// sender.url and refuses frames other than the top one (sender.frameId !== 0). So no
// message here carries a URL. Codes are never logged.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;

  class TearoffError extends Error {
    constructor(code, message) {
      super(message || code);
      this.code = code;
    }
  }

  // send(type, fields) -> result; throws TearoffError. Promise style works in both
  // Firefox (browser.*) and Chrome MV3 (chrome.* returns promises).
  async function send(type, fields = {}) {
    if (!api?.runtime?.sendMessage) throw new TearoffError('no_runtime', 'extension runtime unavailable');
    let reply;
    try {
      reply = await api.runtime.sendMessage({...fields, type});
    } catch (err) {
      // The extension was reloaded or the background is gone: not the page's fault.
      throw new TearoffError('disconnected', String(err?.message || err));
    }
    if (!reply || typeof reply !== 'object') throw new TearoffError('internal', 'no reply from the background');
    if (!reply.ok) throw new TearoffError(reply.error?.code || 'internal', reply.error?.message || '');
    return reply.result ?? {};
  }

  // msg(key, subs) -> the UI string. chrome.i18n follows the browser's UI language, not
  // the page's; the bundled en/ja catalogues cover both languages this product targets.
  function msg(key, subs) {
    const s = api?.i18n?.getMessage?.(key, subs);
    return s || key;
  }

  function uiLanguage() {
    return api?.i18n?.getUILanguage?.() || 'en';
  }

  globalThis.TearoffMessaging = Object.freeze({send, msg, uiLanguage, TearoffError});
})();

// Message API between the extension's own scripts and the host.
//
// Content script (top frame of an https tab only):
//   {type: 'tearoff:sites'}                      -> host `sites` (cached per connection)
//   {type: 'tearoff:offer'}                      -> host `offer`   {url}
//   {type: 'tearoff:reserve', account}           -> host `reserve` {account, url}
//   {type: 'tearoff:consume', code_id}           -> host `consume` {code_id, url}
//   {type: 'tearoff:release', code_id}           -> host `release` {code_id}
//   {type: 'tearoff:username', username?}        -> remembers / returns {username} per tab + site
//   {type: 'tearoff:parse_codes', text}          -> host `parse_codes` {url, text} (capture pages)
//   {type: 'tearoff:capture', account, text}     -> host `capture` {url, account, text}
//   {type: 'tearoff:note_2fa_site'}              -> host `note_2fa_site` {url}, unless the options turned it off
//   {type: 'tearoff:finder'}                     -> injects the finder into the sender's top frame (finder.js)
// Extension pages (popup, options):
//   {type: 'tearoff:sites'}
//   {type: 'tearoff:host', request: {type, ...}} -> forwarded verbatim for the types in HOST_TYPES
//
// Every reply is {ok: true, result} or {ok: false, error: {code, message}}.
//
// Trust: the page URL handed to the host is ALWAYS the sender's top-frame URL as
// the browser reports it, never a field of the message: a page can lie to its
// content script, but not to the browser about where it is. Management requests
// (import, remove, hand_out, ...) are accepted only from the extension's own pages.

// hand_out reveals a code and marks it used; mark_used and set_current change codes:
// like import, they are the person's own actions in the popup, never a page's.
export const HOST_TYPES = new Set(['hello', 'list', 'import', 'restore', 'rename', 'remove', 'history', 'unlock',
  'hand_out', 'mark_used', 'set_current', 'settle', 'readiness', 'dismiss_readiness']);
// Host requests after which the counts may differ: onChange runs when one succeeds.
const CHANGING = new Set(['consume', 'import', 'capture', 'restore', 'remove', 'unlock', 'settle', 'hand_out', 'mark_used', 'set_current']);
const CONTENT_TYPES = new Set(['tearoff:offer', 'tearoff:reserve', 'tearoff:consume', 'tearoff:release', 'tearoff:username',
  'tearoff:parse_codes', 'tearoff:capture', 'tearoff:note_2fa_site']);
const MAX_TEXT = 16 * 1024; // a codes block is a few hundred bytes
const MAX_FIELD = 4096;

/**
 * @param {object} deps
 * @param {{request: Function, generation: number}} deps.client a NativeClient
 * @param {string} deps.extensionId runtime.id
 * @param {string} deps.extensionOrigin runtime.getURL(''), e.g. "chrome-extension://<id>/"
 * @param {(key: string, fallback: string) => string} [deps.describe] localised error text
 * @param {() => void} [deps.onChange] after a successful request that may change counts (lowrun.js)
 * @param {() => Promise<boolean>} [deps.readinessOn] whether the options allow noting 2FA sites
 * @param {(sender: object) => Promise<void>} [deps.injectFinder] injects finder.js's files into the sender's top frame
 */
export function createRouter({ client, extensionId, extensionOrigin, describe = (_k, f) => f, onChange = () => {}, readinessOn = async () => true,
  injectFinder = async () => { throw new Error('no finder to inject'); } }) {
  let sitesCache = null; // {generation, reply}
  const usernames = new Map(); // `${tabId}\n${site}` -> username, in memory only

  // Every host request goes through here, so a change is never missed.
  async function ask(request) {
    const reply = await client.request(request);
    if (reply.ok && CHANGING.has(request.type)) onChange();
    return reply;
  }

  const refuse = (code, key, fallback) => ({ ok: false, error: { code, message: describe(key, fallback) } });
  const badMessage = () => refuse('bad_message', 'bg_bad_message', 'The message is malformed.');
  const forbidden = () => refuse('forbidden_sender', 'bg_forbidden_sender', 'This message is not accepted from here.');

  async function sites() {
    if (sitesCache && sitesCache.generation === client.generation) return sitesCache.reply;
    const reply = await client.request({ type: 'sites' });
    // Cache only a good answer, and only for the connection that gave it: a
    // reconnect may be a newer host binary with a newer catalogue.
    if (reply.ok) sitesCache = { generation: client.generation, reply };
    return reply;
  }

  async function siteOf(url) {
    const reply = await client.request({ type: 'offer', url });
    return reply.ok ? { ok: true, site: String(reply.result?.site ?? '') } : reply;
  }

  async function fromContent(message, tabId, url) {
    switch (message.type) {
      case 'tearoff:offer':
        return client.request({ type: 'offer', url });
      case 'tearoff:reserve':
        if (!isId(message.account)) return badMessage();
        return client.request({ type: 'reserve', account: message.account, url });
      case 'tearoff:consume':
        if (!isId(message.code_id)) return badMessage();
        return ask({ type: 'consume', code_id: message.code_id, url });
      case 'tearoff:release':
        if (!isId(message.code_id)) return badMessage();
        return client.request({ type: 'release', code_id: message.code_id });
      case 'tearoff:parse_codes':
        if (!isText(message.text)) return badMessage();
        return client.request({ type: 'parse_codes', url, text: message.text });
      case 'tearoff:capture':
        if (!isText(message.text) || typeof message.account !== 'string' || message.account.length > MAX_FIELD) return badMessage();
        return ask({ type: 'capture', url, account: message.account, text: message.text });
      case 'tearoff:note_2fa_site':
        if (!(await readinessOn())) return { ok: true, result: { noted: false } };
        return client.request({ type: 'note_2fa_site', url });
      case 'tearoff:username': {
        const given = message.username;
        if (given !== undefined && (typeof given !== 'string' || given.length > MAX_FIELD)) return badMessage();
        const site = await siteOf(url);
        if (!site.ok) return site;
        const key = `${tabId}\n${site.site}`;
        if (given === undefined) return { ok: true, result: { username: usernames.get(key) ?? null } };
        if (given.trim() === '') usernames.delete(key);
        else usernames.set(key, given.trim());
        return { ok: true, result: { username: given.trim() || null } };
      }
    }
    return badMessage();
  }

  function isExtensionPage(sender) {
    if (sender?.id !== extensionId) return false;
    if (typeof sender.url !== 'string' || !sender.url.startsWith(extensionOrigin)) return false;
    // An extension page shown in a tab has a tab whose URL is ours too.
    if (sender.tab && typeof sender.tab.url === 'string' && !sender.tab.url.startsWith(extensionOrigin)) return false;
    return true;
  }

  // The top frame of a web page in a tab: the only place the content script may speak from.
  function topFrameUrl(sender) {
    if (sender?.id !== extensionId || !sender.tab || typeof sender.tab.id !== 'number') return null;
    if (sender.frameId !== 0) return null;
    // sender.url is the document that sent the message; with frameId 0 that is
    // the top frame. tab.url is the fallback (it may already show a pending navigation).
    const url = typeof sender.url === 'string' && sender.url ? sender.url : sender.tab.url;
    if (typeof url !== 'string' || !url || url.startsWith(extensionOrigin)) return null;
    return url;
  }

  return {
    /** Resolves to the reply for one runtime message. Never rejects. */
    async handle(message, sender) {
      if (!message || typeof message !== 'object' || typeof message.type !== 'string') return badMessage();
      try {
        if (message.type === 'tearoff:sites') {
          if (!isExtensionPage(sender) && !topFrameUrl(sender)) return forbidden();
          return await sites();
        }
        if (message.type === 'tearoff:host') {
          if (!isExtensionPage(sender)) return forbidden();
          const request = message.request;
          if (!request || typeof request !== 'object' || !HOST_TYPES.has(request.type)) return badMessage();
          const { id: _ignored, ...forward } = request;
          return await ask(forward);
        }
        if (message.type === 'tearoff:finder') {
          // Only into the top frame that asked: the finder never runs in a frame.
          if (!topFrameUrl(sender)) return forbidden();
          await injectFinder(sender);
          return { ok: true, result: {} };
        }
        if (CONTENT_TYPES.has(message.type)) {
          const url = topFrameUrl(sender);
          if (!url) return forbidden();
          return await fromContent(message, sender.tab.id, url);
        }
        return badMessage();
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: String(err?.message ?? err) } };
      }
    },

    /** The catalogue reply, cached per connection (for the background's own use). */
    sites,

    /** Drops what was remembered for a closed tab. */
    forgetTab(tabId) {
      for (const key of [...usernames.keys()]) if (key.startsWith(`${tabId}\n`)) usernames.delete(key);
    },
  };
}

function isText(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function isId(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

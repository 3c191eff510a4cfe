// One persistent native-messaging port to the tearoff host (see host/PROTOCOL.md).
//
// Why a single long-lived port: connectNative keeps one host process for the
// port's life (a spawn costs ~10-25 ms, a message on an open port < 1 ms), and an
// open port keeps the MV3 service worker alive. The host exits when the port
// closes, so we reconnect on disconnect, with a backoff so that a missing or
// crashing host does not turn into a spawn loop.
//
// request() never rejects: it resolves to the protocol's reply shape,
// {ok: true, result} or {ok: false, error: {code, message}}, so callers can hand
// it straight back to the content script or popup. Failures of the channel
// itself use the extension-local codes below (not host codes):
//   host_missing    the browser found no host manifest for this browser
//   host_forbidden  the manifest exists but does not list this extension
//   host_failed     the manifest points at a binary that could not be started
//   host_exited     the host exited or the channel broke mid-request
//   host_timeout    no reply within the request's timeout
//
// Reply payloads may hold a code value (reserve); nothing here logs or stores them.

export const HOST_NAME = 'dev.tearoff.host';

const DEFAULT_TIMEOUT_MS = 30_000; // keyring calls can wait on an OS prompt
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 15_000, 60_000];

// Maps the browser's disconnect message (Chrome: runtime.lastError, Firefox:
// port.error) to a stable code. The texts are the browsers' own.
export function classifyDisconnect(message) {
  const text = String(message ?? '');
  if (/not found|no such native application/i.test(text)) return 'host_missing';
  if (/forbidden|does not have permission/i.test(text)) return 'host_forbidden';
  if (/failed to start/i.test(text)) return 'host_failed';
  return 'host_exited';
}

export class NativeClient {
  /**
   * @param {() => object} connect opens a Port (runtime.connectNative(HOST_NAME))
   * @param {object} [opts]
   * @param {() => any} [opts.lastError] Chrome's runtime.lastError at onDisconnect time
   * @param {(code: string, fallback: string) => string} [opts.describe] localised message for a channel code
   * @param {number} [opts.timeoutMs]
   */
  constructor(connect, { lastError = () => undefined, describe = (_c, f) => f, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    this._connect = connect;
    this._lastError = lastError;
    this._describe = describe;
    this._timeoutMs = timeoutMs;
    this._port = null;
    this._pending = new Map(); // id -> {resolve, timer}
    this._nextId = 1;
    this._failures = 0; // consecutive disconnects without a reply, drives the backoff
    this._retryTimer = null;
    this._refusal = null; // an id-less error reply (unknown_caller) on the current port
    this.generation = 0; // bumps on every new port; per-connection caches key on it
    this.lastDisconnect = null; // {code, message} of the last channel failure
  }

  start() {
    this._ensurePort();
  }

  /** Sends one request; resolves to {ok, result} or {ok: false, error}. */
  request(message, { timeoutMs = this._timeoutMs } = {}) {
    const port = this._ensurePort();
    const id = String(this._nextId++);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        resolve(this._fail('host_timeout', 'The tearoff host did not answer in time.'));
      }, timeoutMs);
      this._pending.set(id, { resolve, timer });
      try {
        port.postMessage({ ...message, id });
      } catch (err) {
        // The port died between connect and post; onDisconnect settles the rest.
        this._settle(id, this._fail('host_exited', String(err?.message ?? err)));
      }
    });
  }

  _ensurePort() {
    if (this._port) return this._port;
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const port = this._connect();
    this._port = port;
    this._refusal = null;
    this.generation++;
    port.onMessage.addListener((reply) => this._onReply(reply));
    port.onDisconnect.addListener((p) => this._onDisconnect(port, p));
    return port;
  }

  _onReply(reply) {
    this._failures = 0;
    this.lastDisconnect = null;
    if (!reply || typeof reply !== 'object') return;
    const id = typeof reply.id === 'string' ? reply.id : '';
    if (!this._pending.has(id)) {
      // A reply to a request that already timed out, or the host's id-less
      // refusal (unknown_caller) just before it exits: remember the reason.
      if (reply.ok === false && reply.error) this._refusal = normaliseError(reply.error);
      return;
    }
    const envelope = reply.ok === true
      ? { ok: true, result: reply.result ?? null }
      : { ok: false, error: normaliseError(reply.error) };
    this._settle(id, envelope);
  }

  _onDisconnect(port, p) {
    if (this._port !== port) return;
    this._port = null;
    const raw = this._lastError()?.message ?? p?.error?.message ?? '';
    const code = classifyDisconnect(raw);
    // Prefer the reason the host itself gave just before exiting.
    const failure = this._refusal ?? { code, message: this._describe(code, raw || 'The tearoff host exited.') };
    this.lastDisconnect = failure;
    for (const id of [...this._pending.keys()]) this._settle(id, { ok: false, error: { ...failure } });
    this._failures++;
    const delay = BACKOFF_MS[Math.min(this._failures - 1, BACKOFF_MS.length - 1)];
    this._retryTimer = setTimeout(() => { this._retryTimer = null; this._ensurePort(); }, delay);
  }

  _settle(id, envelope) {
    const entry = this._pending.get(id);
    if (!entry) return;
    this._pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(envelope);
  }

  _fail(code, fallback) {
    return { ok: false, error: { code, message: this._describe(code, fallback) } };
  }
}

function normaliseError(error) {
  const code = typeof error?.code === 'string' ? error.code : 'internal';
  const message = typeof error?.message === 'string' ? error.message : 'The host reported an error.';
  // already_used says when and where as data too (PROTOCOL.md "Envelope"), for the popup's own words.
  const used = error?.used;
  if (typeof used?.at === 'string' && typeof used?.on === 'string') return { code, message, used: { at: used.at, on: used.on } };
  return { code, message };
}

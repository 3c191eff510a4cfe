// The browser's side of the native-messaging floors: the echo host registered
// under its own name next to tearoff's manifest in the throwaway profile, the
// round trips timed from inside the extension, and the hosts' peak RSS from /proc.
import { readFile, readdir, readlink, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../e2e/lib/host.mjs';

export const ECHO_NAME = 'dev.tearoff.echo';

/** Registers the echo host for the driver's browser, with tearoff's allowed ids. */
export async function installEcho(driver, echoBin) {
  const manifest = { name: ECHO_NAME, description: 'Tearoff bench echo host', path: echoBin, type: 'stdio' };
  let dir;
  if (driver.name === 'chromium') {
    dir = path.join(driver.profile, 'NativeMessagingHosts');
    manifest.allowed_origins = [`chrome-extension://${CHROME_EXTENSION_ID}/`];
  } else {
    dir = path.join(driver.home, '.mozilla', 'native-messaging-hosts');
    manifest.allowed_extensions = [FIREFOX_EXTENSION_ID];
  }
  await writeFile(path.join(dir, `${ECHO_NAME}.json`), JSON.stringify(manifest, null, 2));
}

/**
 * Runs `fn(arg)` inside the extension: Chromium's service worker, or Firefox's
 * options page (its background is an event page puppeteer cannot reach).
 */
export function inExtension(driver, fn, arg) {
  if (driver.name === 'chromium') return driver.worker.evaluate(fn, arg);
  return driver.optionsPage.evaluate(fn, arg);
}

/**
 * Inside the extension: `spawn` sendNativeMessage round trips to host `name`,
 * then `port` round trips on one connectNative port (after a first message
 * that starts the process). With `keep`, the port stays open as
 * globalThis.__tearoffBenchPort so its process can be measured; closePort() ends it.
 */
export function nativeTimings(driver, { name, spawn, port, keep = false }) {
  return inExtension(driver, async ({ name, spawn, port, keep }) => {
    const api = globalThis.browser ?? globalThis.chrome;
    const hello = (id) => ({ id: String(id), type: 'hello' });
    const spawnMs = [];
    for (let i = 0; i < spawn; i++) {
      const t = performance.now();
      const r = await api.runtime.sendNativeMessage(name, hello(i));
      if (!r || r.id !== String(i)) throw new Error(`sendNativeMessage ${name}: unexpected reply ${JSON.stringify(r)}`);
      spawnMs.push(performance.now() - t);
    }
    const portMs = [];
    if (port > 0) {
      const p = api.runtime.connectNative(name);
      let waiting = null;
      let gone = null;
      p.onMessage.addListener((m) => { const w = waiting; waiting = null; w?.resolve(m); });
      p.onDisconnect.addListener(() => {
        gone = api.runtime.lastError?.message ?? p.error?.message ?? 'disconnected';
        waiting?.reject(new Error(`${name}: ${gone}`));
      });
      const ask = (id) => new Promise((resolve, reject) => {
        if (gone) { reject(new Error(`${name}: ${gone}`)); return; }
        waiting = { resolve, reject };
        p.postMessage(hello(id));
      });
      await ask('start');
      for (let i = 0; i < port; i++) {
        const t = performance.now();
        await ask(i);
        portMs.push(performance.now() - t);
      }
      if (keep) globalThis.__tearoffBenchPort = p; else p.disconnect();
    }
    return { spawnMs, portMs };
  }, { name, spawn, port, keep });
}

export function closePort(driver) {
  return inExtension(driver, () => { globalThis.__tearoffBenchPort?.disconnect(); globalThis.__tearoffBenchPort = null; });
}

/**
 * Pids of native hosts started by a browser from `bin`: argv[1] is a Chrome
 * origin or Firefox's manifest path (the CLI's argv[1] is a command).
 */
export async function hostPids(bin) {
  const want = await realpath(bin);
  const pids = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (await readlink(`/proc/${entry}/exe`) !== want) continue;
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (argv[1]?.startsWith('chrome-extension://') || argv[1]?.endsWith('.json')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** The highest peak RSS (VmHWM, bytes) among the browser-started hosts of `bin`; 0 if none runs. */
export async function peakRss(bin) {
  let peak = 0;
  for (const pid of await hostPids(bin)) {
    try {
      const m = (await readFile(`/proc/${pid}/status`, 'utf8')).match(/^VmHWM:\s+(\d+)\s+kB/m);
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // Gone meanwhile.
    }
  }
  return peak;
}

/**
 * A vault from the e2e helpers, with the file backend's scrypt cost the product
 * uses (the helpers lower it to keep tests fast) or, when set, the caller's
 * TEAROFF_FILE_SCRYPT_WORK_FACTOR.
 */
export function withProductCost(vault) {
  const key = 'TEAROFF_FILE_SCRYPT_WORK_FACTOR';
  if (process.env[key]) vault.env[key] = process.env[key];
  else delete vault.env[key];
  return vault;
}

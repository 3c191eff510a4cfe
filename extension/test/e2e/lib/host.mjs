// The real tearoff binary for the e2e tests: build, probe, vault per test, CLI.
import { execFile, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const EXTENSION_DIR = fileURLToPath(new URL('../../../src/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const CHROME_EXTENSION_ID = 'ilnhmhihgldhhcngjcehlcaknikjkmaj';
export const FIREFOX_EXTENSION_ID = 'tearoff@tearoff.dev';
export const HOST_NAME = 'dev.tearoff.host';

/** A fresh temp dir; remove it with rm(dir, {recursive: true, force: true}). */
export function tempDir(prefix) {
  return mkdtemp(path.join(tmpdir(), `tearoff-e2e-${prefix}-`));
}

let built = null;
/**
 * Builds ./host/cmd/tearoff once per test process. TEAROFF_BIN skips the build
 * (scripts/test.sh builds once and hands the binary to every suite).
 */
export function buildHost() {
  built ??= (async () => {
    if (process.env.TEAROFF_BIN) return process.env.TEAROFF_BIN;
    const dir = await tempDir('bin');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const bin = path.join(dir, 'tearoff');
    await run('go', ['build', '-buildvcs=false', '-o', bin, './host/cmd/tearoff'], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    return bin;
  })();
  return built;
}

function frame(obj) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * Starts `bin` as Chrome would (argv[1] = the extension origin), sends one
 * hello frame and resolves to the reply, or rejects within timeoutMs. Used to
 * tell "the host mode is not there yet" from a real failure.
 */
export function probeHello(bin, env = process.env, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [`chrome-extension://${CHROME_EXTENSION_ID}/`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = Buffer.alloc(0);
    let stderr = '';
    const done = (err, value) => {
      clearTimeout(timer);
      child.kill();
      err ? reject(err) : resolve(value);
    };
    const timer = setTimeout(() => done(new Error(`no hello reply within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d) => {
      out = Buffer.concat([out, d]);
      if (out.length < 4) return;
      const len = out.readUInt32LE(0);
      if (out.length < 4 + len) return;
      try { done(null, JSON.parse(out.subarray(4, 4 + len).toString('utf8'))); } catch (e) { done(e); }
    });
    child.on('error', (e) => done(e));
    child.on('exit', (code) => { if (out.length < 4) done(new Error(`host exited (${code}) without a reply; stderr: ${stderr}`)); });
    child.stdin.on('error', () => {}); // EPIPE when the host exits first
    child.stdin.write(frame({ id: '1', type: 'hello' }));
  });
}

/**
 * A vault for one test. File backend in a temp dir by default; the real
 * Secret Service when TEAROFF_TEST_SECRET_SERVICE=1 (run under
 * scripts/with-secret-service.sh, which provides the session bus), with a
 * fresh collection-independent lock file either way. `backend: 'file'` pins
 * the file backend, for tests about the file backend itself (its passphrase).
 */
export async function makeVault(bin, { backend } = {}) {
  const dir = await tempDir('vault');
  const useSecretService = backend ? backend === 'secret-service' : process.env.TEAROFF_TEST_SECRET_SERVICE === '1';
  const env = {
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    TEAROFF_LOCK_FILE: path.join(dir, 'config', 'tearoff', 'vault.lock'),
  };
  if (useSecretService) {
    env.TEAROFF_BACKEND = 'secret-service';
  } else {
    env.TEAROFF_BACKEND = 'file';
    env.TEAROFF_FILE_DIR = path.join(dir, 'keyring');
    env.TEAROFF_FILE_PASSPHRASE = 'e2e-passphrase-not-secret';
    // scrypt at its lowest cost: every host and CLI run derives the vault key afresh.
    env.TEAROFF_FILE_SCRYPT_WORK_FACTOR = '10';
    // The keyring library dials D-Bus at init; with no bus this avoids a stray dbus-daemon per host start.
    env.DBUS_SESSION_BUS_ADDRESS = 'disabled:';
    await mkdir(env.TEAROFF_FILE_DIR, { recursive: true });
  }
  await mkdir(path.join(dir, 'config', 'tearoff'), { recursive: true });
  const vault = {
    dir,
    env,
    bin,
    /** Full env for a child process (CLI, browser) that must see this vault. */
    processEnv: () => ({ ...process.env, ...env }),
    cli: (...args) => cli(vault, ...args),
    async cleanup() {
      // Secret Service items outlive the temp dir: remove every account this test made.
      if (useSecretService) await removeAll(vault);
      await rm(dir, { recursive: true, force: true });
    },
    /** `tearoff import --site S --account A FILE` with the given codes, one a line. */
    async importCodes({ site, account, codes, fileName = 'codes.txt', replace = false }) {
      const file = path.join(dir, fileName);
      await writeFile(file, `${codes.join('\n')}\n`, { mode: 0o600 });
      const args = ['import', '--site', site, '--account', account];
      if (replace) args.push('--replace');
      await cli(vault, ...args, file);
      await rm(file, { force: true });
    },
    /** `tearoff list --json --reveal`: summaries plus codes [{id, code, state, used_at, used_on}]. */
    async list() {
      const { stdout } = await cli(vault, 'list', '--json', '--reveal');
      return JSON.parse(stdout);
    },
    /** `tearoff next --site S [--account A]`: the code the extension must offer next. */
    async next(site, account) {
      const args = ['next', '--site', site];
      if (account) args.push('--account', account);
      const { stdout } = await cli(vault, ...args);
      return stdout.trim().split('\n')[0].trim();
    },
    /** The state of one code value, from the CLI. */
    async stateOf(site, account, code) {
      const acc = (await vault.list()).find((a) => a.site === site && a.account === account);
      return acc?.codes.find((c) => c.code === code) ?? null;
    },
  };
  // The Secret Service vault is the session's `login` collection, shared by
  // every test: start each test from an empty one (a crashed run leaves items).
  if (useSecretService) await removeAll(vault);
  return vault;
}

async function removeAll(vault) {
  const accounts = await vault.list();
  for (const acc of accounts) await cli(vault, 'remove', '--site', acc.site, '--account', acc.account);
}

export async function cli(vault, ...args) {
  try {
    return await run(vault.bin, args, { env: vault.processEnv(), timeout: 30_000 });
  } catch (err) {
    err.message = `tearoff ${args.join(' ')} failed: ${err.stderr || err.message}`;
    throw err;
  }
}

/**
 * Installs the host manifest for `browser` into `manifestDir` through the CLI,
 * the way a person would (`tearoff install --browser B --manifest-dir DIR`).
 */
export async function installHost(vault, browser, manifestDir) {
  await mkdir(manifestDir, { recursive: true });
  await cli(vault, 'install', '--browser', browser, '--manifest-dir', manifestDir);
  return path.join(manifestDir, `${HOST_NAME}.json`);
}

/** 16 distinct GitHub-shaped recovery codes (xxxxx-xxxxx hex), different per call. */
export function githubCodes(n = 16) {
  const seen = new Set();
  while (seen.size < n) {
    const hex = Array.from({ length: 10 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    seen.add(`${hex.slice(0, 5)}-${hex.slice(5)}`);
  }
  return [...seen];
}

/** n distinct codes of `len` characters drawn from `alphabet`. */
export function randomCodes(n, len, alphabet) {
  const seen = new Set();
  while (seen.size < n) seen.add(Array.from({ length: len }, () => alphabet[randomInt(alphabet.length)]).join(''));
  return [...seen];
}
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Polls `fn` until it returns a truthy value; bounded, no fixed sleeps in the tests. */
export async function until(fn, { timeoutMs = 10_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last?.message ?? JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

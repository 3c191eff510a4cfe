// Shared by the popup and the options page: messaging, i18n and formatting.
// Everything goes through the background (router.js); these pages never hold
// code values except the text a person pastes into the import form.
import '../content/steps.js';

export const api = globalThis.browser ?? globalThis.chrome;

/** chrome.i18n lookup; a missing key shows the key itself so it gets noticed. */
export function t(key, ...subs) {
  return api.i18n.getMessage(key, subs.map(String)) || key;
}

/** Fills [data-i18n], [data-i18n-placeholder], [data-i18n-title] and [data-i18n-aria-label]. */
export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const data = `data-i18n-${attr}`;
    for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attr, t(el.getAttribute(data)));
  }
  document.documentElement.lang = api.i18n.getUILanguage();
}

/** One host request via the background; resolves to {ok, result} | {ok:false, error}. */
export async function host(request) {
  try {
    const reply = await api.runtime.sendMessage({ type: 'tearoff:host', request });
    return reply ?? { ok: false, error: { code: 'host_exited', message: t('bg_host_exited') } };
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: String(err?.message ?? err) } };
  }
}

export async function siteCatalogue() {
  try {
    const reply = await api.runtime.sendMessage({ type: 'tearoff:sites' });
    return reply?.ok && Array.isArray(reply.result?.sites) ? reply.result.sites : [];
  } catch {
    return [];
  }
}

/** Small DOM builder: h('p', {class: 'x', onclick}, 'text', child). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Which argument `tearoff install --browser` wants for the browser we run in. */
export function browserName() {
  if (api.runtime.getURL('').startsWith('moz-extension:')) return 'firefox';
  if (navigator.brave) return 'brave';
  const brands = (navigator.userAgentData?.brands ?? []).map((b) => b.brand);
  if (brands.includes('Microsoft Edge')) return 'edge';
  if (brands.includes('Google Chrome')) return 'chrome';
  if (/Vivaldi/.test(navigator.userAgent)) return 'vivaldi';
  return 'chromium';
}

/** "3 days ago" in the UI language. */
export function relativeTime(iso) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - Date.now()) / 1000);
  const fmt = new Intl.RelativeTimeFormat(api.i18n.getUILanguage(), { numeric: 'auto' });
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return fmt.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

// The used_on values that are not a page URL (PROTOCOL.md), and their words.
const PLACES = { cli: 'popup_place_cli', another_device: 'popup_place_another_device', elsewhere: 'popup_place_elsewhere' };

/** "github.com" from a URL, words for the host's other places, the raw text otherwise. */
export function placeOf(on) {
  if (!on) return '';
  if (Object.hasOwn(PLACES, on)) return t(PLACES[on]);
  try { return new URL(on).hostname; } catch { return on; }
}

/**
 * The catalogue id whose domains cover `url`'s host, else the host without "www.".
 * Which site a host belongs to is content/steps.js's rule (matchSite), the one the
 * offer on the page uses; that classic script sets globalThis.TearoffSteps when imported.
 */
export function siteForUrl(url, catalogue) {
  let hostname;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return '';
    hostname = u.hostname;
  } catch { return ''; }
  return globalThis.TearoffSteps.matchSite(catalogue, hostname)?.id ?? hostname.replace(/^www\./, '');
}

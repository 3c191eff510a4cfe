// The pages where content/capture.js and content/nudge.js act, published to
// storage.local so that those scripts (loaded only on these sites' domains, see
// manifest.json) can tell in one local read whether the page they run on is one of
// them, without waking this worker or asking the host. They
// come from the host's catalogue (host/sites/catalogue.json: `capture`, `phone_url`),
// the single source of truth. Only URL patterns and names: never anything of a page
// or a code.

export const PAGES_KEY = 'tearoff_pages';
export const READINESS_OFF_KEY = 'tearoff_readiness_off';

/** The catalogue entries that have a capture page or a phone settings page, trimmed. */
export function pagesOf(sites) {
  return (Array.isArray(sites) ? sites : [])
    .filter((s) => s && (s.capture || s.phone_url))
    .map((s) => ({ id: s.id, name: s.name, domains: s.domains ?? [], capture: s.capture ?? null, phone_url: s.phone_url ?? '' }));
}

/**
 * Asks the host for its catalogue and stores the pages. Resolves to true when stored.
 * @param {() => Promise<{ok: boolean, result?: {sites: object[]}}>} fetchSites
 * @param {{set: (items: object) => Promise<void>}} storage storage.local
 */
export async function publishPages(fetchSites, storage) {
  const reply = await fetchSites();
  if (!reply?.ok) return false;
  await storage.set({ [PAGES_KEY]: pagesOf(reply.result?.sites) });
  return true;
}

/** Whether the readiness list is on (the options page turns it off). */
export async function readinessOn(storage) {
  try {
    const got = await storage.get(READINESS_OFF_KEY);
    return got?.[READINESS_OFF_KEY] !== true;
  } catch {
    return false; // cannot tell: record nothing
  }
}

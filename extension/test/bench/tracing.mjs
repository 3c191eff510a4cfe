// Chromium's own trace of a page, for the trace-*.mjs tools (docs/benchmarks.md;
// not part of the run).

/** Runs `act` while Chromium traces `page`; resolves to [act's result, the trace events]. */
export async function traced(context, page, categories, act) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories } });
  const result = await act();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return [result, events];
}

/** Whether a trace event's script belongs to an extension. */
export const fromExtension = (e) => /^(chrome|moz)-extension:\/\//.test(e.args?.data?.url ?? '');

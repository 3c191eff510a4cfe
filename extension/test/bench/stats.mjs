// Rows of the bench table, as JSON lines: the same shape bench/proto writes
// (name, group, unit, median, p95, n, floor, floor_times, status, note).
// report.mjs resolves `floor` to the named row's median.

/** Median and nearest-rank 95th percentile of `values` (ms or bytes). */
export function summary(values) {
  if (!values.length) return { median: 0, p95: 0 };
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, p95: v[Math.max(Math.ceil(0.95 * v.length) - 1, 0)] };
}

/** A row from samples; `status` is 'ok' unless `failure` (an Error) is given. */
export function row(name, group, values, { floor = '', unit = 'ms', failure = null, note = '' } = {}) {
  const r = { name, group, unit, ...summary(values), n: values.length, status: 'ok' };
  if (floor) r.floor = floor;
  if (failure) {
    r.status = 'failed';
    r.note = String(failure.message ?? failure).split('\n')[0].slice(0, 300);
  } else if (note) {
    r.note = note;
  }
  return r;
}

/** Writes one row as a JSON line on stdout. */
export function emit(r) {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

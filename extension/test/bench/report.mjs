// Prints the bench table from the JSON lines the drivers wrote (bench/proto and
// browser.mjs), and as its last line one JSON object with every row, so two
// runs can be compared by a script:
//   {"rows": [{name, group, unit, median, p95, n, floor, floor_value, ratio, status, note}], ...}
//   node test/bench/report.mjs ROWS.jsonl [--meta JSON]
import { readFile } from 'node:fs/promises';

const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const metaArg = process.argv.find((a) => a.startsWith('--meta='));
const rows = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
const byName = new Map(rows.map((r) => [r.name, r]));

for (const r of rows) {
  if (!r.floor) continue;
  const f = byName.get(r.floor);
  const times = r.floor_times ?? 1;
  r.floor_value = f && f.n > 0 ? f.median * times : null;
  r.ratio = r.floor_value && r.n > 0 ? r.median / r.floor_value : null;
}

const fmt = (v, unit) => {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (unit === 'bytes') return v >= 1 << 20 ? `${(v / (1 << 20)).toFixed(1)} MiB` : `${(v / 1024).toFixed(1)} KiB`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return v >= 0.1 ? `${v.toFixed(2)} ms` : `${v.toFixed(3)} ms`;
};
const ratio = (r) => (r.ratio === null || r.ratio === undefined ? '-' : `${r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)}×`);
const floorText = (r) => {
  if (!r.floor) return '';
  const times = r.floor_times ? `${r.floor_times} × ` : '';
  return `${times}${r.floor.replace(/^floor: /, '')} = ${fmt(r.floor_value, byName.get(r.floor)?.unit ?? r.unit)}`;
};

// Groups in the order, floors last.
const order = (g) => (g === 'floor' ? 99 : Number.parseInt(g, 10) || 50);
const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => order(a.r.group) - order(b.r.group) || a.i - b.i).map((x) => x.r);
const table = [['row', 'median', 'p95', 'n', 'floor', 'ratio', 'status, note']];
for (const r of sorted) {
  const status = [r.status === 'ok' ? '' : r.status, r.note ?? ''].filter(Boolean).join(': ');
  table.push([`${r.group.split(' ')[0]}  ${r.name}`, r.n ? fmt(r.median, r.unit) : '-', r.n ? fmt(r.p95, r.unit) : '-', String(r.n), floorText(r), ratio(r), status]);
}
const widths = table[0].map((_, c) => Math.max(...table.map((t) => t[c].length)));
for (const [i, t] of table.entries()) {
  const line = t.map((cell, c) => (c >= 1 && c <= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  console.log(line);
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
const meta = metaArg ? JSON.parse(metaArg.slice('--meta='.length)) : {};
console.log(JSON.stringify({ ...meta, rows: sorted }));

import type { Verdict } from "./checks.ts";
import type { Tally } from "./shoppers.ts";

/** What each fault of `npm run test:faults` did, and the table it ends with. */
export interface Row {
  phase: string;
  note: string;
  tally: Tally;
  journeys: number;
  verdict: Verdict;
  reconciled: number;
  seconds: number;
}

export function failures(v: Verdict): string[] {
  const out: string[] = [];
  if (v.lostOrders) out.push(`${v.lostOrders} orders lost`);
  if (v.duplicates) out.push(`${v.duplicates} duplicate orders`);
  if (v.badCaptures) out.push(`${v.badCaptures} orders with wrong captures`);
  if (v.uncaptured) out.push(`${v.uncaptured} provider charges with no capture`);
  if (v.lostLines) out.push(`${v.lostLines} cart lines lost`);
  if (v.stuckPayments) out.push(`${v.stuckPayments} payments stuck in processing`);
  if (v.unsettledOrders) out.push(`${v.unsettledOrders} orders not following their payment`);
  return out;
}

export function printTable(rows: readonly Row[]): void {
  const header = ["fault", "s", "shoppers", "sent", "ok", "failed by status", "orders", "paid", "captures", "uncaptured", "dup", "lost", "lost lines", "stuck", "unsettled", "reconciled", "verdict"];
  const lines = rows.map((r) => [
    r.phase,
    String(r.seconds),
    String(r.journeys),
    String(r.tally.sent),
    String(r.tally.succeeded),
    Object.entries(r.tally.failed).map(([s, n]) => `${s}×${n}`).join(" ") || "-",
    String(r.verdict.ordersFound),
    String(r.verdict.paidOrders),
    String(r.verdict.capturesOfPaid),
    String(r.verdict.uncaptured),
    String(r.verdict.duplicates),
    String(r.verdict.lostOrders),
    String(r.verdict.lostLines),
    String(r.verdict.stuckPayments),
    String(r.verdict.unsettledOrders),
    String(r.reconciled),
    failures(r.verdict).length === 0 ? "ok" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${fmt(header)}`);
  for (const l of lines) console.log(fmt(l));
  console.log();
  for (const r of rows) if (r.note) console.log(`  ${r.phase}: ${r.note}`);
  for (const r of rows) for (const f of failures(r.verdict)) console.log(`  FAIL ${r.phase}: ${f}`);
}


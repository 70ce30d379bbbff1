import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@neondatabase/serverless";
import type { Journey } from "./shoppers.ts";

/**
 * What must hold after every fault, read from the databases themselves: every order a shopper was
 * told about exists, no shopper has two orders, every paid order has exactly one capture and no
 * unpaid order has one, and once reconciliation has run no payment is left in processing and
 * every order shows its payment's outcome. Money is counted at the provider too: every charge
 * the sandbox made must have its capture.
 */
export interface Verdict {
  ordersFound: number;
  /** Orders a shopper was answered with that the orders database does not have. */
  lostOrders: number;
  /** Shoppers (one Idempotency-Key each) with more than one order, in the database or in the answers. */
  duplicates: number;
  /** Orders whose captures are not exactly what their status says (1 if paid, else 0). */
  badCaptures: number;
  /** Charges the provider made (money taken) that our books hold no capture for. */
  uncaptured: number;
  paidOrders: number;
  capturesOfPaid: number;
  lostLines: number;
  /** Payments still processing after reconciliation had its chance. */
  stuckPayments: number;
  /** Orders still awaiting a payment that has settled. */
  unsettledOrders: number;
}

async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client(url);
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function check(urls: { orders: string; payments: string }, journeys: readonly Journey[], settleMs: number): Promise<Verdict> {
  const emails = journeys.map((j) => j.email);
  const deadline = Date.now() + settleMs;
  // Reconciliation and the payments feed need a moment after the last fault: wait until settled.
  for (;;) {
    const stuck = await query<{ n: number }>(urls.payments, "select count(*)::int as n from payments where status = 'processing'");
    const unsettled = await unsettledOrders(urls, emails);
    if (((stuck[0]?.n ?? 0) === 0 && unsettled === 0) || Date.now() > deadline) break;
    await sleep(500);
  }
  const orders = await query<{ id: string; email: string; status: string }>(urls.orders, "select id, email, status from orders where email = any($1)", [emails]);
  const ids = orders.map((o) => o.id);
  const captured = await query<{ order_id: string; n: number }>(
    urls.payments,
    "select p.order_id, count(c.payment_id)::int as n from payments p left join captures c on c.payment_id = p.id where p.order_id = any($1) group by p.order_id",
    [ids],
  );
  const capturesOf = new Map(captured.map((c) => [c.order_id, c.n]));
  const known = new Set(ids);
  const perEmail = new Map<string, number>();
  for (const o of orders) perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
  const paid = orders.filter((o) => o.status === "paid");
  const uncaptured = await query<{ n: number }>(
    urls.payments,
    "select count(*)::int as n from sandbox_charges c join payments p on p.id = c.reference left join captures k on k.payment_id = p.id where c.status = 'succeeded' and k.payment_id is null and p.order_id = any($1)",
    [ids],
  );
  const stuck = await query<{ n: number }>(urls.payments, "select count(*)::int as n from payments where status = 'processing'");
  return {
    ordersFound: orders.length,
    lostOrders: journeys.reduce((n, j) => n + [...j.orderIds].filter((id) => !known.has(id)).length, 0),
    duplicates: [...perEmail.values()].reduce((n, count) => n + count - 1, 0) + journeys.filter((j) => j.orderIds.size > 1).length,
    badCaptures: orders.filter((o) => (capturesOf.get(o.id) ?? 0) !== (o.status === "paid" ? 1 : 0)).length,
    uncaptured: uncaptured[0]?.n ?? 0,
    paidOrders: paid.length,
    capturesOfPaid: paid.reduce((n, o) => n + (capturesOf.get(o.id) ?? 0), 0),
    lostLines: journeys.reduce((n, j) => n + j.lostLines, 0),
    stuckPayments: stuck[0]?.n ?? 0,
    unsettledOrders: await unsettledOrders(urls, emails),
  };
}

async function unsettledOrders(urls: { orders: string; payments: string }, emails: readonly string[]): Promise<number> {
  const pending = await query<{ id: string }>(urls.orders, "select id from orders where email = any($1) and status = 'pending_payment'", [emails]);
  if (pending.length === 0) return 0;
  const settled = await query<{ n: number }>(urls.payments, "select count(*)::int as n from payments where order_id = any($1) and status in ('succeeded', 'failed', 'cancelled')", [pending.map((p) => p.id)]);
  return settled[0]?.n ?? 0;
}

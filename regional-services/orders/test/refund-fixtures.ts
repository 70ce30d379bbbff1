import { setTimeout as sleep } from "node:timers/promises";
import { asc, eq } from "drizzle-orm";
import { encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import type { CheckoutResponse, Order } from "../../../contracts/orders/api.ts";
import { loadEnv } from "../../shared/env.ts";
import { ACTOR_HEADER, signRequest } from "../../../platform/signing.ts";
import { createOrdersApp } from "../app.ts";
import type { OrdersDb } from "../db.ts";
import { httpPaymentsClient } from "../payments-client.ts";
import { createPaymentsConsumer } from "../payments-feed.ts";
import { orderStatusHistory } from "../schema.ts";
import { checkoutBody, EDGE_SECRET, MERCHANT_TOKEN, postCheckout, TEST_CARDS, type OrdersApp, type OrdersBench } from "./harness.ts";

/**
 * What the refund specs share: the orders app with its refund routes over the real payments
 * service, paid orders, merchant calls as the owner or as an actor the edge signed for, and
 * waiting for the provider's refund to come back over the payments feed.
 */
export const SERVICE_SECRET = loadEnv({}).SERVICE_SIGNING_SECRET;
export const REFUND_LIMIT = 10_000;

export function refundsApp(t: OrdersBench): { app: OrdersApp; payments: ReturnType<typeof httpPaymentsClient> } {
  const payments = httpPaymentsClient({ baseUrl: t.payments.url, secret: SERVICE_SECRET });
  const app = createOrdersApp({ db: t.db, payments, signingSecrets: [EDGE_SECRET], merchant: { edgeSecrets: [EDGE_SECRET], legacyToken: MERCHANT_TOKEN }, refundLimit: REFUND_LIMIT });
  return { app, payments };
}

let orders = 0;

/** A paid order for `lines`, placed through checkout with a card that succeeds. */
export async function paidOrder(t: OrdersBench, app: OrdersApp, lines: { variantId: string; quantity: number; unitPrice: number }[], card: string = TEST_CARDS.succeeds): Promise<Order> {
  const res = await postCheckout(app, `refund-order-${++orders}-${Date.now()}`, checkoutBody(await t.payments.tokenize(card), lines));
  if (res.status !== 201) throw new Error(`checkout answered ${res.status}: ${await res.text()}`);
  const { order } = (await res.json()) as CheckoutResponse;
  if (order.status !== "paid") throw new Error(`order is ${order.status}`);
  return order;
}

/** A merchant request: as the owner (the legacy token), or as `actor` under the edge's signature. */
export async function asMerchant(app: OrdersApp, method: "GET" | "POST", path: string, options: { body?: unknown; key?: string; actor?: Actor } = {}): Promise<Response> {
  const text = options.body === undefined ? "" : JSON.stringify(options.body);
  const headers: Record<string, string> = options.body === undefined ? {} : { "content-type": "application/json" };
  if (options.key !== undefined) headers["idempotency-key"] = options.key;
  if (options.actor) {
    const actor = encodeActor(options.actor);
    Object.assign(headers, await signRequest(EDGE_SECRET, method, path, text, { idempotencyKey: options.key ?? "", actor }), { [ACTOR_HEADER]: actor });
  } else {
    headers.authorization = `Bearer ${MERCHANT_TOKEN}`;
  }
  return app.request(path, { method, headers, ...(options.body === undefined ? {} : { body: text }) });
}

export const refundOf = (app: OrdersApp, orderId: string, body: unknown, key: string = crypto.randomUUID(), actor?: Actor) =>
  asMerchant(app, "POST", `/merchant/orders/${orderId}/refunds`, { body, key, ...(actor ? { actor } : {}) });

/** Waits until payments has settled every refund of the payment, then reads its feed into orders. */
export async function settleRefunds(t: OrdersBench, payments: ReturnType<typeof httpPaymentsClient>, paymentId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { refunds } = await payments.refunds(paymentId);
    if (refunds.every((r) => r.status !== "pending")) break;
    await sleep(25);
  }
  await createPaymentsConsumer({ db: t.db, baseUrl: t.payments.url, secret: SERVICE_SECRET }).pollOnce();
}

export async function historyOf(db: OrdersDb, orderId: string): Promise<{ from: string | null; to: string; event: string }[]> {
  const rows = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, orderId)).orderBy(asc(orderStatusHistory.id));
  return rows.map((r) => ({ from: r.fromStatus, to: r.toStatus, event: r.event }));
}

export const FULFILMENT: Actor = { kind: "staff", id: "stf_fulfil", email: "fulfil@example.com", role: "fulfilment" };
export const TOKEN: Actor = { kind: "token", id: "tok_ci", name: "ci", scopes: ["orders:read", "orders:write"] };
export const READ_ONLY: Actor = { kind: "staff", id: "stf_read", email: "read@example.com", role: "read-only" };

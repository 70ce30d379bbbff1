import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "../../../platform/http.ts";
import { claimIdempotencyKey } from "../../shared/idempotency.ts";
import { redisTestPrefix } from "../../shared/testing.ts";
import { createOrdersApp } from "../app.ts";
import { checkoutFingerprint, CLAIM_LEASE_MS } from "../checkout.ts";
import { checkoutRequestSchema, type CheckoutResponse } from "../../../contracts/orders/api.ts";
import type { PaymentsClient } from "../payments-client.ts";
import { orders } from "../schema.ts";
import { checkoutBody, countingPayments, EDGE_SECRET, MERCHANT_TOKEN, openBench, paymentsClientFor, postCheckout, TEST_CARDS, type OrdersBench } from "./harness.ts";

/**
 * The Redis claim on a checkout's Idempotency-Key is a short lease its owner keeps renewing: a
 * claim whose owner died (an orders process that crashed mid-checkout) lapses within seconds and
 * the shopper's retry takes over; a live owner that is merely slow is never overtaken.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Payments that answer only after `delayMs`, as a slow card network would. */
function slowPayments(inner: PaymentsClient, delayMs: number): PaymentsClient {
  return {
    create: async (input, requestId) => (await sleep(delayMs), inner.create(input, requestId)),
    confirm: (id, requestId) => inner.confirm(id, requestId),
    cancel: (id, requestId) => inner.cancel(id, requestId),
    refund: (...args) => inner.refund(...args),
    refunds: (...args) => inner.refunds(...args),
  };
}

describe("checkout idempotency claims as renewed leases", () => {
  let t: OrdersBench;
  beforeAll(async () => {
    t = await openBench("pglite", [{ variantId: "lamp", price: 2500, stock: 100 }]);
  });
  afterAll(() => t.close());

  function app(scope: string, payments: PaymentsClient, claimLeaseMs?: number) {
    // The wait a repeat would put up with is the production one: the lease alone must make it short.
    return createOrdersApp({ db: t.db, payments, signingSecrets: [EDGE_SECRET], merchant: { edgeSecrets: [EDGE_SECRET], legacyToken: MERCHANT_TOKEN }, redis: t.redis, redisScope: scope, waitMs: 20_000, ...(claimLeaseMs ? { claimLeaseMs } : {}) });
  }

  async function ordersWithKey(key: string): Promise<number> {
    const [row] = await t.db.select({ n: count() }).from(orders).where(eq(orders.idempotencyKey, key));
    return row?.n ?? 0;
  }

  it("lets a retry take over a claim its dead owner stopped renewing, within a few seconds", async () => {
    if (!t.redis) throw new Error("this spec needs Redis");
    const scope = `${redisTestPrefix()}orders:checkout`;
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "lamp", quantity: 1, unitPrice: 2500 }]);
    // What an orders process leaves behind when it dies right after claiming the key.
    const fingerprint = checkoutFingerprint(parse(checkoutRequestSchema, body));
    expect(await claimIdempotencyKey(t.redis, scope, "dead-owner-1", fingerprint, CLAIM_LEASE_MS, "the-dead-process")).toEqual({ state: "new" });

    const started = Date.now();
    const res = await postCheckout(app(scope, paymentsClientFor(t.payments.url)), "dead-owner-1", body);
    const waited = Date.now() - started;
    expect(res.status).toBe(201);
    expect(((await res.json()) as CheckoutResponse).order.status).toBe("paid");
    expect(waited).toBeLessThan(CLAIM_LEASE_MS + 2_000);
    expect(CLAIM_LEASE_MS).toBeLessThanOrEqual(5_000);
    expect(await ordersWithKey("dead-owner-1")).toBe(1);
  });

  it("never overtakes a live owner that is slow, and the concurrent requests get one order", async () => {
    if (!t.redis) throw new Error("this spec needs Redis");
    const redis = t.redis;
    const scope = `${redisTestPrefix()}orders:checkout`;
    const lease = 1_500;
    const payments = countingPayments(slowPayments(paymentsClientFor(t.payments.url), lease * 3));
    const shop = app(scope, payments, lease);
    const body = checkoutBody(await t.payments.tokenize(TEST_CARDS.succeeds), [{ variantId: "lamp", quantity: 1, unitPrice: 2500 }]);
    const fingerprint = checkoutFingerprint(parse(checkoutRequestSchema, body));

    const first = postCheckout(shop, "slow-owner-1", body);
    await sleep(100);
    const repeats = Array.from({ length: 3 }, () => postCheckout(shop, "slow-owner-1", body));
    // Well past one lease: only renewals keep the claim the first request's.
    await sleep(lease * 2.5);
    expect(await claimIdempotencyKey(redis, scope, "slow-owner-1", fingerprint, lease, "a-probe")).toEqual({ state: "in_progress" });

    const responses = await Promise.all([first, ...repeats]);
    expect(responses.map((r) => r.status)).toEqual([201, 200, 200, 200]);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as CheckoutResponse).order.id));
    expect(new Set(ids).size).toBe(1);
    expect(payments.calls.create).toBe(1);
    expect(await ordersWithKey("slow-owner-1")).toBe(1);
  });
});

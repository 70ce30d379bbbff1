import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";
import { keepClaimAlive } from "../shared/claim-lease.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  renewIdempotencyClaim,
  requestFingerprint,
  type IdempotencyClaim,
} from "../shared/idempotency.ts";
import type { Redis } from "../shared/redis.ts";
import { Timings } from "../../platform/server-timing.ts";
import type { CheckoutRequest, CheckoutResponse } from "../../contracts/orders/api.ts";
import type { OrdersDb } from "./db.ts";
import { checkoutAnswer } from "../../domain/order-state.ts";
import { loadOrder } from "./order-store.ts";
import { payForOrder } from "./payment-step.ts";
import type { PaymentsClient } from "./payments-client.ts";
import { placeOrder } from "./place-order.ts";

/**
 * POST /orders/checkout as a sequence of steps: recognise a repeat (Redis, then the database),
 * place the order in one transaction, pay for it, answer. Repeats of one key get one order and
 * one payment; the answer is always built from the order as it stands, so every repeat hears
 * the same thing once the first has finished.
 */
export interface CheckoutDeps {
  db: OrdersDb;
  payments: PaymentsClient;
  /** The fast path for repeats. Without it (or while it is down) the database alone decides. */
  redis?: Redis | undefined;
  /** Namespace of the keys in Redis; tests give each run its own. */
  redisScope?: string;
  /** How long a repeat waits for the first request with its key to finish. */
  waitMs?: number;
  /** How long a claim lives unless renewed (CLAIM_LEASE_MS); tests shorten it. */
  claimLeaseMs?: number;
  /** Secrets a flash-sale reservation token may be signed with (the edge's). */
  reservationSecrets?: readonly string[];
}

export interface CheckoutResult {
  status: 200 | 201;
  body: CheckoutResponse;
}

/**
 * A claim in Redis is a short lease that its owner renews while it works (claim-lease.ts): when
 * the orders process holding it dies, a retry takes over within this long rather than waiting
 * for a long TTL. Done records let repeats skip the database for a day.
 */
export const CLAIM_LEASE_MS = 5_000;
const DONE_TTL_MS = 24 * 60 * 60_000;
const POLL_MS = 25;

const doneSchema = z.object({ orderId: z.string() });

/** What the request asks for, less the payment token: the edge tokenises the card afresh on a retry. */
export function checkoutFingerprint(request: CheckoutRequest): string {
  const { paymentToken: _token, ...rest } = request;
  return requestFingerprint(JSON.stringify(rest));
}

/** The key was first used for a different checkout: a client bug, never retried into an order. */
export function keyReused(): AppError {
  return new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was already used for a different checkout");
}


/** A Redis outage must not stop checkout: the database's unique key still makes repeats safe. */
async function fastPath<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    log("warn", "checkout idempotency store unavailable", { step: what, error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

/** Waits while another request holds the key; undefined when it never finished (it may have died). */
async function waitForFirst(deps: CheckoutDeps, scope: string, key: string, fingerprint: string, owner: string): Promise<IdempotencyClaim | undefined> {
  const redis = deps.redis;
  if (!redis) return undefined;
  const deadline = Date.now() + (deps.waitMs ?? 20_000);
  // Quick at first (most checkouts finish in well under a second), then easing off.
  for (let pause = POLL_MS; Date.now() < deadline; pause = Math.min(pause * 1.5, 250)) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    // A claim whose owner stopped renewing it lapses; then this request claims the key and goes on.
    const claim = await fastPath("wait", () => claimIdempotencyKey(redis, scope, key, fingerprint, deps.claimLeaseMs ?? CLAIM_LEASE_MS, owner));
    if (!claim || claim.state !== "in_progress") return claim;
  }
  return undefined;
}

/** Places and pays for the checkout `request` under `idempotencyKey`: 201 for a new order, 200 for a repeat. */
export async function checkout(
  deps: CheckoutDeps,
  idempotencyKey: string,
  request: CheckoutRequest,
  requestId?: string,
  // Where the time went (Server-Timing): Redis, the transaction's parts, payments.
  timings: Timings = new Timings(),
): Promise<CheckoutResult> {
  const fingerprint = checkoutFingerprint(request);
  const scope = deps.redisScope ?? "orders:checkout";
  const redis = deps.redis;
  const owner = randomUUID();
  const leaseMs = deps.claimLeaseMs ?? CLAIM_LEASE_MS;
  let claim = redis ? await timings.time("redis-claim", () => fastPath("claim", () => claimIdempotencyKey(redis, scope, idempotencyKey, fingerprint, leaseMs, owner))) : undefined;
  if (claim?.state === "in_progress") claim = await waitForFirst(deps, scope, idempotencyKey, fingerprint, owner);
  if (claim?.state === "mismatch") throw keyReused();
  if (claim?.state === "done") {
    const done = doneSchema.safeParse(claim.response.body);
    // Redis may remember an order this database does not have (a reset development database):
    // then the database, which is the truth, decides below.
    const order = done.success ? await loadOrder(deps.db, done.data.orderId) : undefined;
    if (order) return { status: 200, body: checkoutAnswer(order) };
  }
  const owned = claim?.state === "new";
  const lease =
    redis && owned ? keepClaimAlive(() => fastPath("renew", () => renewIdempotencyClaim(redis, scope, idempotencyKey, fingerprint, owner, leaseMs)), leaseMs) : undefined;
  try {
    const placed = await timings.time("tx", () => placeOrder(deps.db, { idempotencyKey, fingerprint, request, reservationSecrets: deps.reservationSecrets, timings }));
    if (!placed.created && placed.fingerprint !== fingerprint) throw keyReused();
    const order = await timings.time("pay", () => payForOrder({ db: deps.db, payments: deps.payments, waitMs: deps.waitMs, timings }, placed.orderId, requestId));
    // No renewal may land after the done record (it would shorten the record's life to a lease).
    await lease?.stop();
    // Only the order id is remembered: repeats rebuild the answer, so they see later changes too.
    if (redis && (owned || !claim)) {
      await timings.time("redis-complete", () =>
        fastPath("complete", () => completeIdempotencyKey(redis, scope, idempotencyKey, fingerprint, { status: 200, body: { orderId: order.id } }, DONE_TTL_MS)),
      );
    }
    return { status: placed.created ? 201 : 200, body: checkoutAnswer(order) };
  } catch (err) {
    await lease?.stop();
    // A refused checkout created nothing; let the key go so the shopper can try again with it.
    if (redis && owned) await fastPath("release", () => releaseIdempotencyKey(redis, scope, idempotencyKey, fingerprint));
    throw err;
  }
}

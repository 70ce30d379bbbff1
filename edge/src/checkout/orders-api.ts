import type { Context } from "hono";
import { AppError, relayedError, type ErrorBody } from "../../../platform/errors.ts";
import type { AdoptOrdersResponse, CheckoutRequest, CheckoutResponse, ConfirmationAction, Order, OrderListResponse, OrderResponse, Owner } from "../../../contracts/orders/api.ts";
import { callService, callServiceJson } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The edge's calls to the orders service, always on behalf of the session's shopper: the owner
 * sent along is taken from the signed session cookie, never from the request.
 */
export function ownerOf(c: Context<EdgeEnv>): Owner {
  const session = c.get("session");
  return session.customerId ? { sessionId: session.id, customerId: session.customerId } : { sessionId: session.id };
}

function ownerQuery(c: Context<EdgeEnv>): string {
  return new URLSearchParams(Object.entries(ownerOf(c))).toString();
}

export interface PlacedCheckout {
  /** 201 for a new order, 200 for the answer to a repeated request. */
  status: 200 | 201;
  body: CheckoutResponse;
}

/**
 * How long the edge waits for a checkout. The orders service can take longer in its worst case (a
 * duplicate waits up to 20 s for the first request, then up to 20 s more for its payment), so
 * running out of time is never read as a refusal: the outcome is unknown, and the same key resumes it.
 */
export const CHECKOUT_TIMEOUT_MS = 25_000;

/** The checkout may have been placed and even paid: only sending the same key again can tell. */
export function checkoutOutcomeUnknown(code: "SERVICE_UNAVAILABLE" | "PAYMENT_UNAVAILABLE" = "SERVICE_UNAVAILABLE"): AppError {
  return new AppError(code, "the order could not be confirmed; send the checkout again with the same Idempotency-Key to resume it (it is never charged twice)");
}

/**
 * POST /orders/checkout with the shopper's key. The service's 4xx refusals come back as AppErrors
 * with their status; anything else (a 5xx, a timeout, a lost connection) as checkoutOutcomeUnknown.
 */
export async function submitCheckout(c: Context<EdgeEnv>, idempotencyKey: string, request: CheckoutRequest): Promise<PlacedCheckout> {
  let res: Response;
  try {
    res = await callService(c, "orders", "/orders/checkout", { json: request, headers: { "idempotency-key": idempotencyKey }, timeoutMs: CHECKOUT_TIMEOUT_MS });
  } catch {
    throw checkoutOutcomeUnknown();
  }
  if (res.status === 200 || res.status === 201) return { status: res.status, body: await res.json<CheckoutResponse>() };
  const body = await res.json<ErrorBody>().catch(() => undefined);
  if (body?.error && res.status >= 400 && res.status < 500) {
    throw relayedError(body);
  }
  throw checkoutOutcomeUnknown(body?.error?.code === "PAYMENT_UNAVAILABLE" ? "PAYMENT_UNAVAILABLE" : "SERVICE_UNAVAILABLE");
}

/** The shopper's orders, newest first. */
export async function listOrders(c: Context<EdgeEnv>): Promise<Order[]> {
  return (await callServiceJson<OrderListResponse>(c, "orders", `/orders?${ownerQuery(c)}`)).orders;
}

/** The shopper's order, or undefined when there is none they may see. */
export async function findOrder(c: Context<EdgeEnv>, orderId: string): Promise<Order | undefined> {
  try {
    return (await callServiceJson<OrderResponse>(c, "orders", `/orders/${encodeURIComponent(orderId)}?${ownerQuery(c)}`)).order;
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.code === "VALIDATION_FAILED")) return undefined;
    throw err;
  }
}

/** The shopper's answer to the payment's extra step; the order as it then stands. */
export async function confirmOrderPayment(c: Context<EdgeEnv>, orderId: string, action: ConfirmationAction): Promise<Order> {
  const body = { action, ...ownerOf(c) };
  return (await callServiceJson<OrderResponse>(c, "orders", `/orders/${encodeURIComponent(orderId)}/payment-confirmation`, { json: body, timeoutMs: 25_000 })).order;
}

/**
 * Hands the session's guest orders to the customer who just signed in on it (POST /orders/adopt),
 * so they stay theirs on every device and after the session ends. Returns how many moved.
 */
export async function adoptGuestOrders(c: Context<EdgeEnv>, sessionId: string, customerId: string): Promise<number> {
  return (await callServiceJson<AdoptOrdersResponse>(c, "orders", "/orders/adopt", { json: { sessionId, customerId } })).adopted;
}

/** The one answer for an order that does not exist and for someone else's. */
export function orderNotFound(orderId: string): AppError {
  return new AppError("NOT_FOUND", `there is no order ${orderId}`);
}

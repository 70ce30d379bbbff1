import type { Context } from "hono";
import type { CheckoutRequest, CheckoutResponse, ConfirmationAction, Order, Owner } from "../../../contracts/orders/api.ts";
import { adoptOrdersRoute, checkoutRoute, getOrderRoute, listOrdersRoute, paymentConfirmationRoute } from "../../../contracts/orders/routes.ts";
import { AppError, type ErrorBody } from "../../../platform/errors.ts";
import { callRoute, type Transport } from "../../../platform/route-client.ts";
import { callService } from "../origin.ts";
import { callServiceRoute } from "../service-client.ts";
import type { EdgeEnv } from "../types.ts";
import type { Timings } from "../../../platform/server-timing.ts";

/**
 * The edge's calls to the orders service, always on behalf of the session's shopper: the owner
 * sent along is taken from the signed session cookie, never from the request.
 */
export function ownerOf(c: Context<EdgeEnv>): Owner {
  const session = c.get("session");
  return session.customerId ? { sessionId: session.id, customerId: session.customerId } : { sessionId: session.id };
}

/**
 * `callService` to orders with a longer wait than its default: checkout and the payment step can
 * take longer than a read. `callServiceRoute` has no timeout, hence this transport.
 */
function ordersTransport(c: Context<EdgeEnv>, timeoutMs: number): Transport {
  return (method, pathWithQuery, options) => callService(c, "orders", pathWithQuery, { method, ...options, timeoutMs });
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
export async function submitCheckout(c: Context<EdgeEnv>, idempotencyKey: string, request: CheckoutRequest, timings?: Timings): Promise<PlacedCheckout> {
  // The raw answer is needed for one case callRoute cannot tell apart: a 5xx that says
  // PAYMENT_UNAVAILABLE. So the transport decides every failure but a 4xx refusal, which
  // callRoute relays.
  const transport: Transport = async (method, pathWithQuery, options) => {
    let res: Response;
    try {
      res = await ordersTransport(c, CHECKOUT_TIMEOUT_MS)(method, pathWithQuery, options);
    } catch {
      throw checkoutOutcomeUnknown();
    }
    timings?.merge("orders-", res.headers.get("server-timing"));
    if (res.ok || (res.status >= 400 && res.status < 500)) return res;
    const body = await res.json<ErrorBody>().catch(() => undefined);
    throw checkoutOutcomeUnknown(body?.error?.code === "PAYMENT_UNAVAILABLE" ? "PAYMENT_UNAVAILABLE" : "SERVICE_UNAVAILABLE");
  };
  let answer: { status: number; body: CheckoutResponse };
  try {
    answer = await callRoute("orders", checkoutRoute, { json: request, idempotencyKey }, transport);
  } catch (err) {
    // A 4xx without our error body, or an unreadable 2xx: nothing says the order was not placed.
    if (err instanceof AppError && err.code === "SERVICE_UNAVAILABLE") throw checkoutOutcomeUnknown();
    throw err;
  }
  if (answer.status === 200 || answer.status === 201) return { status: answer.status, body: answer.body };
  // Another 2xx is not an answer checkout gives: as unknown as a lost one.
  throw checkoutOutcomeUnknown();
}

/** The shopper's orders, newest first. */
export async function listOrders(c: Context<EdgeEnv>): Promise<Order[]> {
  return (await callServiceRoute(c, "orders", listOrdersRoute, { query: ownerOf(c) })).body.orders;
}

/** The shopper's order, or undefined when there is none they may see. */
export async function findOrder(c: Context<EdgeEnv>, orderId: string): Promise<Order | undefined> {
  try {
    return (await callServiceRoute(c, "orders", getOrderRoute, { params: { id: orderId }, query: ownerOf(c) })).body.order;
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.code === "VALIDATION_FAILED")) return undefined;
    throw err;
  }
}

/** The shopper's answer to the payment's extra step; the order as it then stands. */
export async function confirmOrderPayment(c: Context<EdgeEnv>, orderId: string, action: ConfirmationAction): Promise<Order> {
  const input = { params: { id: orderId }, json: { action, ...ownerOf(c) } };
  return (await callRoute("orders", paymentConfirmationRoute, input, ordersTransport(c, 25_000))).body.order;
}

/**
 * Hands the session's guest orders to the customer who just signed in on it (POST /orders/adopt),
 * so they stay theirs on every device and after the session ends. Returns how many moved.
 */
export async function adoptGuestOrders(c: Context<EdgeEnv>, sessionId: string, customerId: string): Promise<number> {
  return (await callServiceRoute(c, "orders", adoptOrdersRoute, { json: { sessionId, customerId } })).body.adopted;
}

/** The one answer for an order that does not exist and for someone else's. */
export function orderNotFound(orderId: string): AppError {
  return new AppError("NOT_FOUND", `there is no order ${orderId}`);
}

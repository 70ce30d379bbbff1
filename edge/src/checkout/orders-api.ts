import type { Context } from "hono";
import { AppError, type ErrorBody } from "../../../domain/errors.ts";
import type { CheckoutRequest, CheckoutResponse, ConfirmationAction, Order, OrderListResponse, OrderResponse, Owner } from "../../../regional-services/orders/contract.ts";
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

/** POST /orders/checkout with the shopper's key. The service's 4xx refusals come back as AppErrors. */
export async function submitCheckout(c: Context<EdgeEnv>, idempotencyKey: string, request: CheckoutRequest): Promise<PlacedCheckout> {
  const res = await callService(c, "orders", "/orders/checkout", { json: request, headers: { "idempotency-key": idempotencyKey }, timeoutMs: 25_000 });
  if (res.status === 200 || res.status === 201) return { status: res.status, body: await res.json<CheckoutResponse>() };
  const body = await res.json<ErrorBody>().catch(() => undefined);
  if (body?.error && (res.status < 500 || body.error.code === "PAYMENT_UNAVAILABLE")) {
    throw new AppError(body.error.code, res.status, body.error.message, body.error.details);
  }
  throw new AppError("SERVICE_UNAVAILABLE", 503, "the orders service failed, try again shortly");
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

/** The one answer for an order that does not exist and for someone else's. */
export function orderNotFound(orderId: string): AppError {
  return new AppError("NOT_FOUND", 404, `there is no order ${orderId}`);
}

import { Hono } from "hono";
import { parse, parseJsonBody } from "../../../platform/http.ts";
import { paymentDeclined, placeCheckout } from "./place-checkout.ts";
import { checkoutBodySchema, checkoutKeyHeaderSchema } from "./schemas.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * POST /api/checkout (mounted behind the session middleware): the shopper's cart becomes an
 * order. Header `Idempotency-Key` (required; the same key again answers with the same order),
 * body `{ email, shippingAddress, payment: { card, expMonth, expYear, cvc } }`.
 * Answers 201 `{ order, nextAction? }` (200 for a repeat); a declined card is 402 PAYMENT_FAILED
 * with the order id, and the cart is left as it was for another try.
 */
export const checkoutRoutes = new Hono<EdgeEnv>();

checkoutRoutes.use("*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

checkoutRoutes.post("/", async (c) => {
  const { "idempotency-key": key } = parse(checkoutKeyHeaderSchema, { "idempotency-key": c.req.header("idempotency-key") });
  const input = await parseJsonBody(c, checkoutBodySchema);
  const placed = await placeCheckout(c, key, input);
  const status = placed.body.order.status;
  if (status === "payment_failed" || status === "cancelled") throw paymentDeclined(placed.body);
  return c.json(placed.body, placed.status);
});

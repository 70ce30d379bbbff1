import { createOpenApiApp } from "../../../platform/openapi.ts";
import { checkoutRoute } from "../../../contracts/storefront/checkout.ts";
import { checkoutDeclined } from "../../../domain/order-state.ts";
import { paymentDeclined, placeCheckout } from "./place-checkout.ts";
import type { EdgeEnv } from "../types.ts";
import { Timings } from "../../../platform/server-timing.ts";

/**
 * POST /api/checkout (contracts/storefront/checkout.ts), behind the session middleware: the
 * shopper's cart becomes an order. The same `Idempotency-Key` again answers with the same order
 * (200); a declined card is 402 PAYMENT_FAILED with the order id, and the cart is left as it was.
 */
export const checkoutRoutes = createOpenApiApp<EdgeEnv>();

checkoutRoutes.use("/api/checkout/*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

checkoutRoutes.openapi(checkoutRoute, async (c) => {
  const { "idempotency-key": key } = c.req.valid("header");
  const timings = new Timings();
  const placed = await timings.time("edge", () => placeCheckout(c, key, c.req.valid("json"), { timings }));
  // Where a checkout's time went, for the benchmark and for developers; not told to the world.
  if (c.env.ENVIRONMENT !== "production") c.header("server-timing", timings.header());
  if (checkoutDeclined(placed.body.order.status)) throw paymentDeclined(placed.body);
  return c.json(placed.body, placed.status);
});

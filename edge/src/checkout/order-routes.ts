import { Hono } from "hono";
import { parse, parseJsonBody } from "../../../platform/http.ts";
import { settleCartHold } from "./cart-hold.ts";
import { confirmOrderPayment, findOrder, listOrders, orderNotFound } from "./orders-api.ts";
import { confirmationBodySchema, orderIdParamSchema } from "./schemas.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The shopper's orders as JSON (mounted at /api/orders behind the session middleware). Only the
 * session's own orders exist here: anyone else's is a 404, exactly like an order that never was.
 */
export const ordersRoutes = new Hono<EdgeEnv>();

ordersRoutes.use("*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

ordersRoutes.get("/", async (c) => c.json({ orders: await listOrders(c) }));

ordersRoutes.get("/:id", async (c) => {
  const { id } = parse(orderIdParamSchema, c.req.param());
  const order = await findOrder(c, id);
  if (!order) throw orderNotFound(id);
  // The payments feed may have settled it since checkout: let the cart catch up.
  await settleCartHold(c, order);
  return c.json({ order });
});

/** `{ action: "confirm" | "cancel" }`: the shopper's answer to the payment's extra step. */
ordersRoutes.post("/:id/payment-confirmation", async (c) => {
  const { id } = parse(orderIdParamSchema, c.req.param());
  const { action } = await parseJsonBody(c, confirmationBodySchema);
  const order = await confirmOrderPayment(c, id, action);
  await settleCartHold(c, order);
  return c.json({ order });
});

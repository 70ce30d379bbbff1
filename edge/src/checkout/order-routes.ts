import { createOpenApiApp } from "../../../platform/openapi.ts";
import { confirmPaymentRoute, getOrderRoute, listOrdersRoute } from "../../../contracts/storefront/orders.ts";
import { settleCartHold } from "./cart-hold.ts";
import { confirmOrderPayment, findOrder, listOrders, orderNotFound } from "./orders-api.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The shopper's orders as JSON (contracts/storefront/orders.ts), behind the session middleware.
 * Only the session's own orders exist here: anyone else's is a 404, exactly like an order that
 * never was.
 */
export const ordersRoutes = createOpenApiApp<EdgeEnv>();

ordersRoutes.use("/api/orders/*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

ordersRoutes.openapi(listOrdersRoute, async (c) => c.json({ orders: await listOrders(c) }, 200));

ordersRoutes.openapi(getOrderRoute, async (c) => {
  const { id } = c.req.valid("param");
  const order = await findOrder(c, id);
  if (!order) throw orderNotFound(id);
  // The payments feed may have settled it since checkout: let the cart catch up.
  await settleCartHold(c, order);
  return c.json({ order }, 200);
});

/** The shopper's answer to the payment's extra step. */
ordersRoutes.openapi(confirmPaymentRoute, async (c) => {
  const { id } = c.req.valid("param");
  const order = await confirmOrderPayment(c, id, c.req.valid("json").action);
  await settleCartHold(c, order);
  return c.json({ order }, 200);
});

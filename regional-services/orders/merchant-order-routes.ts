import { describeActor } from "../../contracts/admin/actor.ts";
import {
  merchantCancelOrderRoute,
  merchantDailyReportRoute,
  merchantDeliverOrderRoute,
  merchantFulfilOrderRoute,
  merchantGetOrderRoute,
  merchantListOrdersRoute,
} from "../../contracts/orders/merchant-routes.ts";
import type { MerchantOrder } from "../../contracts/orders/merchant-api.ts";
import { notFound } from "../../platform/errors.ts";
import { actorOf, gated } from "../shared/merchant-auth.ts";
import type { ServiceApp } from "../shared/server.ts";
import type { OrdersDeps } from "./app.ts";
import { fulfilOrder, deliverOrder } from "./fulfilments.ts";
import { cancelUnpaidOrder } from "./merchant-cancel.ts";
import { cancelPaidOrder } from "./refunds.ts";
import { DEFAULT_FULFILMENT_REFUND_LIMIT } from "../../domain/refunds.ts";
import { isOrderStatus, isSold } from "../../domain/order-state.ts";
import { dailyReport, listMerchantOrders, merchantOrder, utcToday } from "./merchant-orders.ts";

/** The merchant's order routes (contracts/orders/merchant-routes.ts), each behind its permission. */
export function mountMerchantOrderRoutes(app: ServiceApp, deps: OrdersDeps): void {
  const orderOrMissing = async (id: string): Promise<MerchantOrder> => {
    const order = await merchantOrder(deps.db, id);
    if (!order) throw notFound(`no order ${id}`);
    return order;
  };

  app.openapi(gated(deps.merchant, merchantListOrdersRoute), async (c) => c.json(await listMerchantOrders(deps.db, c.req.valid("query")), 200));

  app.openapi(gated(deps.merchant, merchantDailyReportRoute), async (c) => c.json(await dailyReport(deps.db, c.req.valid("query").date ?? utcToday()), 200));

  app.openapi(gated(deps.merchant, merchantGetOrderRoute), async (c) => c.json({ order: await orderOrMissing(c.req.valid("param").id) }, 200));

  app.openapi(gated(deps.merchant, merchantFulfilOrderRoute), async (c) => {
    const { id } = c.req.valid("param");
    const done = await fulfilOrder(deps.db, id, c.req.valid("json"), c.req.valid("header")["idempotency-key"], describeActor(actorOf(c)));
    const order = await orderOrMissing(id);
    const fulfilment = order.fulfilments.find((f) => f.id === done.fulfilmentId);
    if (!fulfilment) throw new Error(`fulfilment ${done.fulfilmentId} of order ${id} vanished`);
    return done.created ? c.json({ fulfilment, order }, 201) : c.json({ fulfilment, order }, 200);
  });

  app.openapi(gated(deps.merchant, merchantDeliverOrderRoute), async (c) => {
    const { id } = c.req.valid("param");
    await deliverOrder(deps.db, id, describeActor(actorOf(c)));
    return c.json({ order: await orderOrMissing(id) }, 200);
  });

  app.openapi(gated(deps.merchant, merchantCancelOrderRoute), async (c) => {
    const { id } = c.req.valid("param");
    const current = await orderOrMissing(id);
    // A sold order's money goes back first: the whole remainder is refunded (held to the actor's
    // refund limit) and the order ends `refunded` with its units back on sale once payments reports it.
    if (isOrderStatus(current.status) && isSold(current.status)) {
      await cancelPaidOrder({ db: deps.db, payments: deps.payments, limit: deps.refundLimit ?? DEFAULT_FULFILMENT_REFUND_LIMIT }, { orderId: id, actor: actorOf(c) });
    } else {
      await cancelUnpaidOrder(deps, id, describeActor(actorOf(c)), c.get("requestId"));
    }
    return c.json({ order: await orderOrMissing(id) }, 200);
  });
}

import { listOrderRefundsRoute, refundOrderRoute } from "../../contracts/orders/refund-routes.ts";
import type { ServiceApp } from "../shared/server.ts";
import { actorOf, gated, type MerchantAuth } from "../shared/merchant-auth.ts";
import { refundOrder, type RefundDeps } from "./refunds.ts";
import { refundSummary, toRefundView } from "./refund-store.ts";

/** Mounts the merchant's refund routes (contracts/orders/refund-routes.ts). */
export function mountRefundRoutes(app: ServiceApp, auth: MerchantAuth, deps: RefundDeps): void {
  app.openapi(gated(auth, refundOrderRoute), async (c) => {
    const input = { orderId: c.req.valid("param").id, key: c.req.valid("header")["idempotency-key"], request: c.req.valid("json"), actor: actorOf(c) };
    const outcome = await refundOrder(deps, input);
    return c.json(outcome.answer, outcome.created ? 201 : 200);
  });

  app.openapi(gated(auth, listOrderRefundsRoute), async (c) => {
    const { summary, rows } = await refundSummary(deps.db, c.req.valid("param").id);
    return c.json({ refunds: rows.map(toRefundView), order: summary }, 200);
  });
}

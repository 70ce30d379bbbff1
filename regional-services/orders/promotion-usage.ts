import { and, count, countDistinct, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { PromotionOrder, PromotionOrdersResponse, PromotionUsageView } from "../../contracts/orders/promotion-usage.ts";
import { isCurrency } from "../../domain/money.ts";
import { isOrderStatus } from "../../domain/order-state.ts";
import { decodeCreatedCursor, encodeCreatedCursor } from "./created-cursor.ts";
import type { OrdersDb } from "./db.ts";
import { orders, promotionCounters, promotionCustomerUses, promotionRedemptions, promotionSpend } from "./schema.ts";

/** The merchant's reads of a promotion's use: the counters checkout keeps, and the orders that used it. */
type Reader = Pick<OrdersDb, "select">;

export async function promotionUsage(db: Reader, promotionId: string): Promise<PromotionUsageView> {
  const [[counter], spend, [held], [customers]] = await Promise.all([
    db.select({ uses: promotionCounters.uses }).from(promotionCounters).where(eq(promotionCounters.promotionId, promotionId)),
    db.select({ currency: promotionSpend.currency, spent: promotionSpend.spent }).from(promotionSpend).where(eq(promotionSpend.promotionId, promotionId)),
    db
      .select({ n: count() })
      .from(promotionRedemptions)
      .where(and(eq(promotionRedemptions.promotionId, promotionId), eq(promotionRedemptions.status, "held"))),
    db
      .select({ n: countDistinct(promotionCustomerUses.customerKey) })
      .from(promotionCustomerUses)
      .where(and(eq(promotionCustomerUses.promotionId, promotionId), gt(promotionCustomerUses.uses, 0))),
  ]);
  const budgetSpent: PromotionUsageView["budgetSpent"] = {};
  for (const s of spend) if (isCurrency(s.currency)) budgetSpent[s.currency] = s.spent;
  return { promotionId, uses: counter?.uses ?? 0, usesHeld: held?.n ?? 0, budgetSpent, customers: customers?.n ?? 0 };
}

/** The orders that used `promotionId`, newest first, `limit` at a time. */
export async function promotionOrders(db: Reader, promotionId: string, cursor: string | undefined, limit: number): Promise<PromotionOrdersResponse> {
  const after = cursor === undefined ? undefined : decodeCreatedCursor(cursor);
  const createdText = sql<string>`${promotionRedemptions.createdAt}::text`;
  const rows = await db
    .select({
      orderId: promotionRedemptions.orderId,
      redemption: promotionRedemptions.status,
      code: promotionRedemptions.code,
      currency: promotionRedemptions.currency,
      discount: promotionRedemptions.amount,
      createdAt: promotionRedemptions.createdAt,
      createdText,
    })
    .from(promotionRedemptions)
    .where(
      and(
        eq(promotionRedemptions.promotionId, promotionId),
        after ? sql`(${promotionRedemptions.createdAt}, ${promotionRedemptions.orderId}) < (${after[0]}::timestamptz, ${after[1]})` : undefined,
      ),
    )
    .orderBy(desc(promotionRedemptions.createdAt), desc(promotionRedemptions.orderId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const statuses = page.length === 0 ? [] : await db.select({ id: orders.id, status: orders.status }).from(orders).where(inArray(orders.id, page.map((r) => r.orderId)));
  const statusOf = new Map(statuses.map((s) => [s.id, s.status]));
  const result: PromotionOrder[] = page.map((r) => {
    const status = statusOf.get(r.orderId);
    if (!isOrderStatus(status) || !isCurrency(r.currency) || (r.redemption !== "held" && r.redemption !== "confirmed" && r.redemption !== "released")) {
      throw new Error(`redemption of order ${r.orderId} has an unknown status or currency`);
    }
    return { orderId: r.orderId, status, redemption: r.redemption, code: r.code, currency: r.currency, discount: r.discount, createdAt: r.createdAt.toISOString() };
  });
  const last = page.at(-1);
  return { orders: result, nextCursor: rows.length > limit && last ? encodeCreatedCursor(last.createdText, last.orderId) : null };
}

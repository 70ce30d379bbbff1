import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What the orders service has already told the merchant (webhooks), so each notice goes out once:
 * a row exists while it holds and is the proof it was published, in the same transaction.
 */

/** Variants whose `stock.low` was published; removed when stock rises above the threshold again (re-armed). */
export const stockLowNotices = pgTable("stock_low_notices", {
  variantId: text("variant_id").primaryKey(),
  notifiedAt: timestamp("notified_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Promotions whose `promotion.budget_exhausted` was published: once per promotion, ever. */
export const promotionExhaustedNotices = pgTable("promotion_exhausted_notices", {
  promotionId: text("promotion_id").primaryKey(),
  notifiedAt: timestamp("notified_at", { withTimezone: true }).notNull().defaultNow(),
});

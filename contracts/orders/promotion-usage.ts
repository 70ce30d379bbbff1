import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import { ORDER_STATUSES } from "../../domain/order-state.ts";

/**
 * What the orders service tells the merchant about a promotion's use: it is the only place uses
 * and budgets are counted (the catalog owns the definition, not its use).
 */
/** The catalog's own rule for a promotion id: a malformed one is a 400 here too, never a row of zeros. */
export { promotionIdParamSchema } from "../promotions/requests.ts";

export const promotionUsageSchema = z.object({
  promotionId: z.string(),
  /** Orders holding or having used it (held + confirmed); released uses are not counted. */
  uses: z.number().int().min(0),
  /** Of `uses`, those whose order still awaits payment. */
  usesHeld: z.number().int().min(0),
  /** Discount given (held + confirmed), minor units per currency. */
  budgetSpent: z.partialRecord(z.enum(CURRENCIES), z.number().int().min(0)),
  /** Distinct customers (guests by email) holding or having used it. */
  customers: z.number().int().min(0),
});
export type PromotionUsageView = z.output<typeof promotionUsageSchema>;

export const REDEMPTION_STATUSES = ["held", "confirmed", "released"] as const;

export const promotionOrderSchema = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  /** held: awaiting payment; confirmed: paid; released: ended unpaid, its use given back. */
  redemption: z.enum(REDEMPTION_STATUSES),
  code: z.string().nullable(),
  currency: z.enum(CURRENCIES),
  /** The discount the order got from this promotion (goods and shipping), minor units. */
  discount: z.number().int().min(0),
  createdAt: z.string(),
});
export type PromotionOrder = z.output<typeof promotionOrderSchema>;

export const promotionOrdersQuerySchema = z.object({
  cursor: z.string().max(500, { error: "cursor is too long" }).optional(),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int({ error: "limit must be a whole number" })
    .min(1, { error: "limit must be at least 1" })
    .max(100, { error: "limit must be at most 100" })
    .default(50),
});

export const promotionOrdersResponseSchema = z.object({
  orders: z.array(promotionOrderSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type PromotionOrdersResponse = z.output<typeof promotionOrdersResponseSchema>;

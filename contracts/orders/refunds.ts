import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import { ORDER_STATUSES } from "../../domain/order-state.ts";
import { REFUND_STATUSES } from "../payments/api.ts";

/**
 * Refunds as the orders service takes and answers them: the merchant's request (by amount or by
 * lines), a refund on an order, and what an order has left to refund. The shopper's view of a
 * refund is the small `shopperRefundSchema` on their order.
 */
const MAX_REFUND_AMOUNT = 100_000_000;
const minor = z.number().int();

const lineRequestSchema = z.object({
  position: z.number({ error: "position must be a number" }).int({ error: "position must be a whole number" }).min(0, { error: "position must not be negative" }),
  quantity: z.number({ error: "quantity must be a number" }).int({ error: "quantity must be a whole number" }).min(1, { error: "quantity must be at least 1" }),
});

/** `{ amount, reason? }` or `{ lines: [{ position, quantity }], reason? }`: exactly one of amount and lines. */
export const orderRefundRequestSchema = z
  .strictObject({
    amount: z
      .number({ error: "amount must be a number" })
      .int({ error: "amount must be an integer count of minor units" })
      .min(1, { error: "amount must be at least 1" })
      .max(MAX_REFUND_AMOUNT, { error: `amount must be at most ${MAX_REFUND_AMOUNT}` })
      .optional(),
    lines: z.array(lineRequestSchema, { error: "lines must be a list" }).min(1, { error: "lines must name at least one line" }).max(100, { error: "lines names at most 100 lines" }).optional(),
    reason: z.string({ error: "reason must be text" }).trim().max(500, { error: "reason is at most 500 characters" }).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.amount === undefined) === (body.lines === undefined)) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "give either amount or lines, not both or neither" });
    }
  });
export type OrderRefundRequest = z.output<typeof orderRefundRequestSchema>;

export const orderRefundViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  paymentId: z.string(),
  amount: minor,
  currency: z.enum(CURRENCIES),
  status: z.enum(REFUND_STATUSES),
  kind: z.enum(["merchant", "cancel", "owed"]),
  reason: z.string().optional(),
  lines: z.array(z.object({ position: z.number().int(), quantity: z.number().int(), amount: minor })).optional(),
  createdAt: z.string(),
});
export type OrderRefundView = z.output<typeof orderRefundViewSchema>;

/** An order's line with what refunding it by lines can still give back. */
export const refundableLineSchema = z.object({
  position: z.number().int(),
  title: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  unitPrice: minor,
  /** What the line was paid: its total less its discount. */
  paid: minor,
  refundedQuantity: z.number().int(),
});

/** Where an order's refunds stand: captured, refunded or on its way back, and still refundable. */
export const orderRefundSummarySchema = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  currency: z.enum(CURRENCIES),
  capturedAmount: minor,
  /** Succeeded and pending refunds together. */
  refundedAmount: minor,
  refundableAmount: minor,
  lines: z.array(refundableLineSchema),
});
export type OrderRefundSummary = z.output<typeof orderRefundSummarySchema>;

export const orderRefundResponseSchema = z.object({ refund: orderRefundViewSchema, order: orderRefundSummarySchema });
export type OrderRefundResponse = z.output<typeof orderRefundResponseSchema>;

export const orderRefundListResponseSchema = z.object({ refunds: z.array(orderRefundViewSchema), order: orderRefundSummarySchema });
export type OrderRefundListResponse = z.output<typeof orderRefundListResponseSchema>;

/** A refund as the shopper sees it on their order. */
export const shopperRefundSchema = z.object({ amount: minor, currency: z.enum(CURRENCIES), status: z.enum(REFUND_STATUSES), reason: z.string().optional(), createdAt: z.string() });
export type ShopperRefund = z.output<typeof shopperRefundSchema>;

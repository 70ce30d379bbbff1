import { z } from "zod";
import type { CardBrand } from "../../domain/cards.ts";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../limits.ts";
import { CURRENCIES } from "../../domain/money.ts";
import { PAYMENT_STATUSES, type PaymentStatus } from "../../domain/payment-state.ts";

export { PAYMENT_STATUSES, type PaymentStatus };

/** Request and response shapes of the payments service (docs/internal-api.md, "Payments service"). */

/** The largest single payment accepted, in minor units. */
export const MAX_AMOUNT = 100_000_000;

export const tokenRequestSchema = z.strictObject({
  // Shape only here; the provider applies the card rules (Luhn, expiry, cvc) and names the field.
  card: z.string({ error: "card must be a string of digits" }).max(40, { error: "card number is too long" }),
  expMonth: z.number({ error: "expMonth must be a number" }).int({ error: "expMonth must be an integer" }),
  expYear: z.number({ error: "expYear must be a number" }).int({ error: "expYear must be an integer" }),
  cvc: z.string({ error: "cvc must be a string of digits" }).max(8, { error: "cvc is too long" }),
});
export type TokenRequest = z.output<typeof tokenRequestSchema>;

export const paymentRequestSchema = z.strictObject({
  orderId: z.string({ error: "orderId is required" }).min(1, { error: "orderId is required" }).max(100, { error: "orderId is too long" }),
  amount: z
    .number({ error: "amount must be a number" })
    .int({ error: "amount must be an integer count of minor units" })
    .min(1, { error: "amount must be at least 1" })
    .max(MAX_AMOUNT, { error: `amount must be at most ${MAX_AMOUNT}` }),
  currency: z.enum(CURRENCIES, { error: `currency must be one of ${CURRENCIES.join(", ")}` }),
  token: z.string({ error: "token is required" }).regex(/^tok_[A-Za-z0-9]{8,64}$/, { error: "token must be a payment token (tok_...)" }),
});
export type PaymentRequest = z.output<typeof paymentRequestSchema>;

export const idempotencyKeySchema = z.object({
  "idempotency-key": z
    .string({ error: "Idempotency-Key header is required" })
    .min(1, { error: "Idempotency-Key header is required" })
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, { error: "Idempotency-Key header is too long" }),
});

export const paymentIdParamSchema = z.object({
  id: z.string().regex(/^pay_[A-Za-z0-9]{8,64}$/, { error: "id must be a payment id (pay_...)" }),
});

/** The card brands a token can carry (domain/cards.ts). */
export const CARD_BRANDS = ["visa", "mastercard", "amex", "discover", "unknown"] as const satisfies readonly CardBrand[];

export const tokenResponseSchema = z.object({ token: z.string(), brand: z.enum(CARD_BRANDS), last4: z.string() });
export type TokenResponse = z.output<typeof tokenResponseSchema>;

/** A payment as every route answers it: no token, no provider reference. */
export const paymentViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  brand: z.string(),
  last4: z.string(),
  /** Why the provider refused it; only on a failed payment. */
  failureReason: z.string().optional(),
});
export type PaymentView = z.output<typeof paymentViewSchema>;

export const paymentResponseSchema = z.object({ payment: paymentViewSchema });
export type PaymentResponse = z.output<typeof paymentResponseSchema>;

/** POST /webhooks/sandbox: the delivery was taken; `duplicate` when its event id was seen before. */
export const webhookReceiptSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });
export type WebhookReceipt = z.output<typeof webhookReceiptSchema>;

/** POST /payments/{id}/refunds: money back on a captured payment, in minor units of its currency. */
export const refundRequestSchema = z.strictObject({
  amount: z
    .number({ error: "amount must be a number" })
    .int({ error: "amount must be an integer count of minor units" })
    .min(1, { error: "amount must be at least 1" })
    .max(MAX_AMOUNT, { error: `amount must be at most ${MAX_AMOUNT}` }),
  reason: z.string({ error: "reason must be text" }).max(500, { error: "reason is at most 500 characters" }).optional(),
});
export type RefundRequest = z.output<typeof refundRequestSchema>;

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const refundViewSchema = z.object({
  id: z.string(),
  paymentId: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  status: z.enum(REFUND_STATUSES),
  reason: z.string().optional(),
  createdAt: z.string(),
});
export type RefundView = z.output<typeof refundViewSchema>;

/** A refund with where its payment stands: what was captured and what is refunded so far (pending included). */
export const refundResponseSchema = z.object({
  refund: refundViewSchema,
  capturedAmount: z.number().int(),
  refundedAmount: z.number().int(),
});
export type RefundResponse = z.output<typeof refundResponseSchema>;

export const refundListResponseSchema = z.object({
  refunds: z.array(refundViewSchema),
  capturedAmount: z.number().int(),
  refundedAmount: z.number().int(),
});
export type RefundListResponse = z.output<typeof refundListResponseSchema>;

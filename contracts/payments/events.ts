import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import type { PaymentStatus } from "../../domain/payment-state.ts";

/**
 * The events on the payments feed, one per status a payment reaches (docs/internal-api.md).
 * Payments builds each payload as the type below; orders parses it with the same schema.
 */
export const PAYMENT_EVENT_TYPES = {
  succeeded: "payment.succeeded",
  failed: "payment.failed",
  requires_action: "payment.requires_action",
  cancelled: "payment.cancelled",
} as const satisfies Partial<Record<PaymentStatus, string>>;

export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[keyof typeof PAYMENT_EVENT_TYPES];
/** A status a payment event reports. */
export type ReportedPaymentStatus = keyof typeof PAYMENT_EVENT_TYPES;

export const paymentEventPayloadSchema = z.object({
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  /** Only on payment.failed. */
  failureReason: z.string().optional(),
});
export type PaymentEventPayload = z.output<typeof paymentEventPayloadSchema>;

const STATUS_OF_TYPE = Object.fromEntries(Object.entries(PAYMENT_EVENT_TYPES).map(([status, type]) => [type, status])) as Record<
  string,
  ReportedPaymentStatus | undefined
>;

/** The status an event type reports, or undefined for a type that is not a payment outcome. */
export function paymentStatusOfEvent(type: string): ReportedPaymentStatus | undefined {
  return STATUS_OF_TYPE[type];
}

/** Each payments event type with its payload schema (they all share one). */
export const PAYMENTS_EVENTS = Object.fromEntries(Object.values(PAYMENT_EVENT_TYPES).map((type) => [type, paymentEventPayloadSchema])) as Record<
  PaymentEventType,
  typeof paymentEventPayloadSchema
>;

/**
 * `payment.refunded`: the provider reported money given back on a payment (once per refund, by
 * refund id). Orders applies it to the order (partially_refunded or refunded) and publishes
 * `order.refunded`.
 */
export const PAYMENT_REFUNDED = "payment.refunded";
export const paymentRefundedPayloadSchema = z.object({
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  refundId: z.string().min(1),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  /** Everything refunded on the payment so far, this refund included. */
  refundedTotal: z.number().int(),
  capturedAmount: z.number().int(),
  reason: z.string().optional(),
});
export type PaymentRefundedPayload = z.output<typeof paymentRefundedPayloadSchema>;

/**
 * `payment.refund_failed`: a refund the provider first accepted (pending) failed later, so no money
 * went back (once per refund). Orders marks its refund failed; the amount is refundable again.
 */
export const PAYMENT_REFUND_FAILED = "payment.refund_failed";
export const paymentRefundFailedPayloadSchema = z.object({
  paymentId: z.string().min(1),
  orderId: z.string().min(1),
  refundId: z.string().min(1),
  amount: z.number().int(),
  currency: z.enum(CURRENCIES),
  /** The provider's word for why, e.g. expired_or_canceled_card. */
  failureReason: z.string(),
  reason: z.string().optional(),
});
export type PaymentRefundFailedPayload = z.output<typeof paymentRefundFailedPayloadSchema>;

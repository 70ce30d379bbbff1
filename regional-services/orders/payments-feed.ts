import {
  PAYMENT_REFUND_FAILED,
  PAYMENT_REFUNDED,
  paymentEventPayloadSchema,
  paymentRefundedPayloadSchema,
  paymentRefundFailedPayloadSchema,
  paymentStatusOfEvent,
} from "../../contracts/payments/events.ts";
import { log } from "../../platform/log.ts";
import { remoteFeedConsumer, type RemoteFeedTarget } from "../shared/feed-client.ts";
import { parsePayload, type EventConsumer, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersSchema, OrdersTx } from "./db.ts";
import { recordRefund } from "./refund-apply.ts";
import { applyPaymentOutcome } from "./transitions.ts";

/**
 * The payments feed settles orders whose outcome checkout did not learn itself: a payment that
 * was still processing, confirmed through the provider's webhook, or whose answer was lost; and
 * it brings refunds once the provider reported them (`payment.refunded`).
 */
export const PAYMENTS_FEED = "payments";

/** Applies one payments-feed event to its order; anything not about a payment outcome is skipped. */
export async function applyPaymentEvent(tx: OrdersTx, event: OutboxEvent): Promise<void> {
  if (event.type === PAYMENT_REFUNDED || event.type === PAYMENT_REFUND_FAILED) {
    const succeeded = event.type === PAYMENT_REFUNDED;
    const { refundId, orderId, paymentId, amount, currency, reason } = succeeded ? parsePayload(paymentRefundedPayloadSchema, event) : parsePayload(paymentRefundFailedPayloadSchema, event);
    // A failed refund gave nothing back: marked failed, it no longer counts against what is refundable.
    const recorded = await recordRefund(tx, { refundId, orderId, paymentId, amount, currency, status: succeeded ? "succeeded" : "failed", reason });
    if (!recorded) log("warn", "refund event for an unknown order", { seq: event.seq, orderId, refundId });
    return;
  }
  const status = paymentStatusOfEvent(event.type);
  if (!status) return;
  // A payload that breaks the contract is rejected: logged and counted by the consumer.
  const { paymentId, orderId, failureReason } = parsePayload(paymentEventPayloadSchema, event);
  const applied = await applyPaymentOutcome(tx, orderId, { paymentId, status, failureReason });
  // Payments for orders of another region's database (or a reset one) are none of ours.
  if (!applied.found) log("warn", "payment event for an unknown order", { seq: event.seq, orderId, paymentId });
}

/** Whether applyPaymentEvent acts on an event: a page of others only moves the cursor. */
const isApplied = (event: OutboxEvent): boolean => event.type === PAYMENT_REFUNDED || event.type === PAYMENT_REFUND_FAILED || paymentStatusOfEvent(event.type) !== undefined;

/** The consumer service.ts runs; it keeps retrying, with growing pauses, while payments is down. */
export function createPaymentsConsumer(options: RemoteFeedTarget<OrdersSchema>): EventConsumer<OrdersSchema> {
  return remoteFeedConsumer({ ...options, feed: PAYMENTS_FEED, apply: applyPaymentEvent, handles: isApplied });
}

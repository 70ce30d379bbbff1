import type { CardBrand } from "../../../domain/cards.ts";
import type { Currency } from "../../../domain/money.ts";

/**
 * What the payments service needs from a card processor. The sandbox implements it in-process;
 * a real processor's adapter would implement the same methods over its HTTP API. Every call that
 * changes money is idempotent on the provider's side (keyed by our payment id), so the service
 * may retry any of them after a timeout or a crash.
 */

/** Where a charge stands at the provider once it has answered. */
export type ProviderStatus = "succeeded" | "failed" | "requires_action" | "cancelled";

/** Card data as the shopper typed it. Lives only for the duration of `tokenize`. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** The safe description of a tokenised card: never the number or the cvc. */
export interface PaymentMethod {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ChargeRequest {
  /** Our payment id: echoed back in webhooks and used as the provider's idempotency key. */
  reference: string;
  amount: number;
  currency: Currency;
  token: string;
}

/** The provider's view of one charge. */
export interface ProviderCharge {
  ref: string;
  reference: string;
  status: ProviderStatus;
  amount: number;
  currency: Currency;
  failureReason?: string;
}

/** Where a refund stands at the provider: pending until the card network has it, then settled. */
export type ProviderRefundStatus = "pending" | "succeeded" | "failed";

export interface RefundRequest {
  /** Our refund id: the provider's idempotency key, so a retried refund gives money back once. */
  reference: string;
  /** The provider's id of the charge the money came from. */
  chargeRef: string;
  amount: number;
  currency: Currency;
}

/** The provider's view of one refund. */
export interface ProviderRefund {
  ref: string;
  reference: string;
  chargeRef: string;
  status: ProviderRefundStatus;
  amount: number;
  currency: Currency;
  failureReason?: string;
}

/** A verified webhook event, normalised: which charge or refund, and where it stands now. */
export type ProviderEvent = { id: string; type: string; kind: "charge"; charge: ProviderCharge } | { id: string; type: string; kind: "refund"; refund: ProviderRefund };

export interface PaymentProvider {
  readonly name: string;
  /** Validates and stores a card; a bad field is an AppError 400 naming it. */
  tokenize(card: CardDetails): Promise<PaymentMethod>;
  /** The card behind a token, or undefined when the provider does not know it. */
  paymentMethod(token: string): Promise<PaymentMethod | undefined>;
  /** Authorises and captures in one step, or stops at requires_action for an extra check. */
  createPayment(request: ChargeRequest): Promise<ProviderCharge>;
  /**
   * The charge made for our `reference` (payment id), or undefined when the provider never
   * received it: what reconciliation asks when our own record is stuck in processing.
   */
  findCharge(reference: string): Promise<ProviderCharge | undefined>;
  /** Completes the extra check the shopper passed. A charge already settled is returned as is. */
  confirm(ref: string): Promise<ProviderCharge>;
  /** Abandons a charge awaiting the extra check. A charge already settled is returned as is. */
  cancel(ref: string): Promise<ProviderCharge>;
  /**
   * Gives money back on a captured charge. Idempotent on `reference`: a retry answers the refund
   * made the first time (a different amount under the same reference is refused). Usually answers
   * `pending`; the outcome follows by webhook.
   */
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /** The refund made for our `reference`, or undefined when the provider never received it. */
  findRefund(reference: string): Promise<ProviderRefund | undefined>;
  /** True when the raw body carries the provider's valid, fresh signature. */
  verifyWebhook(rawBody: string, headers: Headers): Promise<boolean>;
  /** Reads a verified body; a body of the wrong shape is an AppError 400. */
  parseWebhook(rawBody: string): ProviderEvent;
}

import { awaitsShopper } from "./payment-state.ts";
/**
 * The order state machine, shared by the orders service (which applies it under a row lock) and
 * anything that displays an order. Pure: it decides, the caller stores.
 *
 *   pending_payment ──payment_succeeded──▶ paid ──fulfil──▶ fulfilled ──deliver──▶ delivered
 *        │  ├─payment_failed──▶ payment_failed                  (refund / partial_refund from
 *        │  └─payment_cancelled / cancel──▶ cancelled            paid, fulfilled or delivered)
 *
 *   partially_refunded ──fulfil──▶ fulfilled ──deliver──▶ delivered
 *
 * A partial refund (one damaged item) must not stop the rest of the order from shipping, so a
 * partially refunded order still takes `fulfil` and `deliver`. Its status then no longer says how
 * far shipping got: the fulfilment records do (domain/fulfilment.ts), and the orders service
 * consults them before it applies either event; the refunded amounts live with the refunds.
 *
 * Events arrive more than once (a retried checkout, the payments feed and the shopper's own
 * confirmation racing each other), so an event whose effect the order already shows is reported
 * as "unchanged" and the caller does nothing; only a contradiction is refused.
 */
export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "fulfilled",
  "delivered",
  "cancelled",
  "payment_failed",
  "refunded",
  "partially_refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = [
  "payment_requires_action",
  "payment_succeeded",
  "payment_failed",
  "payment_cancelled",
  "cancel",
  "fulfil",
  "deliver",
  "refund",
  "partial_refund",
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export type Transition =
  | { ok: true; changed: true; from: OrderStatus; to: OrderStatus; releasesStock: boolean }
  | { ok: true; changed: false; status: OrderStatus }
  | { ok: false; code: "ILLEGAL_TRANSITION"; from: OrderStatus; event: OrderEvent; message: string };

const MOVES: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  pending_payment: {
    payment_succeeded: "paid",
    payment_failed: "payment_failed",
    payment_cancelled: "cancelled",
    cancel: "cancelled",
  },
  paid: { fulfil: "fulfilled", refund: "refunded", partial_refund: "partially_refunded" },
  fulfilled: { deliver: "delivered", refund: "refunded", partial_refund: "partially_refunded" },
  delivered: { refund: "refunded", partial_refund: "partially_refunded" },
  partially_refunded: { refund: "refunded", fulfil: "fulfilled", deliver: "delivered" },
  cancelled: {},
  payment_failed: {},
  refunded: {},
};

const PAID_AND_BEYOND: readonly OrderEvent[] = ["payment_requires_action", "payment_succeeded"];

/** Events whose effect a status already shows: applying them again changes nothing. */
const ALREADY_APPLIED: Record<OrderStatus, readonly OrderEvent[]> = {
  // Asking for the extra payment step leaves the order waiting for payment, as it was.
  pending_payment: ["payment_requires_action"],
  paid: PAID_AND_BEYOND,
  fulfilled: [...PAID_AND_BEYOND, "fulfil"],
  delivered: [...PAID_AND_BEYOND, "fulfil", "deliver"],
  // Another partial refund is new money back, but the status stays what it is. Shipping is not
  // implied by it: fulfil and deliver move the order on (see the opening comment).
  partially_refunded: [...PAID_AND_BEYOND, "partial_refund"],
  refunded: [...PAID_AND_BEYOND, "fulfil", "deliver", "refund"],
  cancelled: ["payment_requires_action", "payment_cancelled", "cancel"],
  payment_failed: ["payment_requires_action", "payment_failed"],
};

/** Statuses whose units are still held for the order; leaving them for these gives units back. */
const RELEASED_BY: readonly OrderStatus[] = ["cancelled", "payment_failed"];

/** Whether `value` is one of the statuses above (for rows and payloads read back from storage). */
export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === "string" && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** The next status for `event`, "unchanged" for a repeat, or a refusal for a contradiction. */
export function transition(status: OrderStatus, event: OrderEvent): Transition {
  const to = MOVES[status][event];
  if (to !== undefined) {
    return { ok: true, changed: true, from: status, to, releasesStock: status === "pending_payment" && RELEASED_BY.includes(to) };
  }
  if (ALREADY_APPLIED[status].includes(event)) return { ok: true, changed: false, status };
  return { ok: false, code: "ILLEGAL_TRANSITION", from: status, event, message: `an order that is ${label(status)} cannot take ${label(event)}` };
}

/** Statuses in which units may still be shipped: paid, and paid with part of the money given back. */
const SHIPPABLE: readonly OrderStatus[] = ["paid", "partially_refunded"];

/** Whether shipments may be recorded for an order in `status` (what is left to ship is for domain/fulfilment.ts). */
export function acceptsShipments(status: OrderStatus): boolean {
  return SHIPPABLE.includes(status);
}

/** Only an order still waiting for its payment can be moved by a payment outcome. */
export function awaitsPayment(status: OrderStatus): boolean {
  return status === "pending_payment";
}

/** Statuses an order ends in without being paid; its units went back on sale. */
const UNPAID_ENDINGS: readonly OrderStatus[] = ["cancelled", "payment_failed"];

/** Whether the order ended without being paid (payment failed, or cancelled before payment). */
export function endedUnpaid(status: OrderStatus): boolean {
  return UNPAID_ENDINGS.includes(status);
}

/** Whether the order was sold: paid, and whatever came after (shipping, refunds). */
export function isSold(status: OrderStatus): boolean {
  return status !== "pending_payment" && !endedUnpaid(status);
}

/** What an order's payment looks like to these questions: only its id and status matter. */
export interface PaymentFacts {
  id: string;
  status: string;
}

/**
 * Whether the order waits for the shopper to confirm its payment (the extra step a card may ask
 * for): it still awaits payment, and its payment asks for action.
 */
export function awaitsConfirmation(order: { status: OrderStatus; payment: PaymentFacts | null }): boolean {
  return awaitsPayment(order.status) && awaitsShopper(order.payment?.status);
}

/** What a checkout answer tells the shopper to do next, beyond showing the order. */
export interface NextAction {
  type: "confirm_payment";
  paymentId: string;
}

/**
 * A checkout's answer for an order: the order, plus the confirmation step when the order waits for
 * one. The orders service answers with it and the edge rebuilds it from a replay the same way.
 */
export function checkoutAnswer<O extends { status: OrderStatus; payment: PaymentFacts | null }>(order: O): { order: O; nextAction?: NextAction } {
  const payment = order.payment;
  return payment !== null && awaitsConfirmation(order) ? { order, nextAction: { type: "confirm_payment", paymentId: payment.id } } : { order };
}

/** Whether a checkout's answer is a declined payment (the API answers it with 402 PAYMENT_FAILED). */
export function checkoutDeclined(status: OrderStatus): boolean {
  return endedUnpaid(status);
}

/**
 * What the cart held for an order's checkout does once the order is in `status`: emptied once the
 * order is sold (paid, or anything a paid order becomes), let go with its lines once the order
 * ended unpaid, kept while the payment is still undecided.
 */
export type HoldSettlement = "complete" | "release" | "wait";

export function holdSettlement(status: OrderStatus): HoldSettlement {
  if (awaitsPayment(status)) return "wait";
  return endedUnpaid(status) ? "release" : "complete";
}

function label(name: string): string {
  return name.replaceAll("_", " ");
}

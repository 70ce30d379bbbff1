/**
 * Limits that more than one runtime enforces: each is written once here and imported by the edge,
 * the Durable Objects and the services, so a value accepted on one side of the wire is accepted
 * on the other.
 */

/** The longest Idempotency-Key the edge, the CartObject, orders and payments accept. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * After this long an unpaid order is abandoned: the orders service's sweep (run every
 * ABANDONED_SWEEP_INTERVAL_MS) asks payments and cancels it, putting its units back on sale.
 */
export const ABANDONED_AFTER_MS = 30 * 60_000;
/** How often orders sweeps for abandoned orders. */
export const ABANDONED_SWEEP_INTERVAL_MS = 60_000;

/**
 * Margin of the cart hold over the sweep: one sweep interval plus a payment lease (15 s) fit
 * many times over, so the sweep has settled an order before its cart's hold lapses.
 */
const HOLD_MARGIN_MS = 15 * 60_000;

/**
 * How long a checkout holds a cart before the hold lapses (a Worker that died mid-checkout must
 * not freeze the cart forever). Derived from the abandoned-order sweep: by the time a hold lapses,
 * the order it made is paid, failed or cancelled, so a shopper who comes back late can never check
 * the same cart out a second time while the first order may still be paid.
 */
export const CHECKOUT_LOCK_TTL_MS = ABANDONED_AFTER_MS + HOLD_MARGIN_MS;

/** Account rules, checked at the edge's forms and again by the customers service. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 100;

/** The longest search text the listing accepts. */
export const MAX_SEARCH_LENGTH = 200;

/** No request a regional service answers comes near this; an unsigned caller cannot make it read more. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Payments takes small JSON only (a card, a payment request, a webhook), so it reads less. */
export const MAX_PAYMENTS_BODY_BYTES = 64 * 1024;

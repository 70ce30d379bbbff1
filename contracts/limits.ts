/**
 * How long a checkout holds a cart before the hold lapses (a Worker that died mid-checkout must
 * not freeze the cart forever). It must outlast the orders service's abandoned-order sweep
 * (ABANDONED_AFTER_MS, 30 minutes, in regional-services/orders/abandoned.ts, run every minute):
 * by the time a hold lapses, the order it made is paid, failed or cancelled, so a shopper who
 * comes back late can never check the same cart out a second time while the first order may
 * still be paid. Mirrored rather than imported, because the Durable Object must not pull in the
 * orders service's code; regional-services/orders/test/hold-window.test.ts keeps the two in step.
 */
export const CHECKOUT_LOCK_TTL_MS = 45 * 60_000;

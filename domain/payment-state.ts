/**
 * A payment's statuses as the payments service reports them, and the questions everyone else asks
 * of one. Pure: no I/O.
 *
 *   processing ──▶ succeeded | failed | requires_action
 *   requires_action ──confirm──▶ succeeded      ──cancel──▶ cancelled
 */
export const PAYMENT_STATUSES = ["processing", "succeeded", "failed", "requires_action", "cancelled"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses a payment never leaves. */
const SETTLED: readonly PaymentStatus[] = ["succeeded", "failed", "cancelled"];

/** Whether `value` is one of the statuses above (for rows and payloads read back). */
export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return typeof value === "string" && (PAYMENT_STATUSES as readonly string[]).includes(value);
}

/** Whether the payment has reached an outcome it will never leave. */
export function isSettled(status: PaymentStatus): boolean {
  return SETTLED.includes(status);
}

/** Whether the payment waits for the shopper's extra step (3-D Secure and the like). */
export function awaitsShopper(status: PaymentStatus | string | null | undefined): boolean {
  return status === "requires_action";
}

import type { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import type { CheckoutForm } from "../../../contracts/storefront/checkout-requests.ts";

/**
 * Where a checkout refusal is shown on the form: beside the field it is about, or at the top
 * when it concerns the whole order (stock, prices, an outage). Messages are written for
 * shoppers; card details are never part of one.
 */
export type CheckoutField = Exclude<keyof CheckoutForm, "idempotencyKey">;
export type CheckoutFieldErrors = Partial<Record<CheckoutField | "form", string>>;

/** "shippingAddress.postalCode" → "postalCode", "payment.cvc" → "cvc", "code" (the cart's) → "promoCode". */
function fieldOf(path: string): CheckoutField | undefined {
  const last = path.split(".").pop() ?? "";
  if (last === "code") return "promoCode";
  const fields: readonly string[] = ["email", "name", "line1", "line2", "city", "region", "postalCode", "country", "card", "expMonth", "expYear", "cvc", "promoCode"];
  return fields.includes(last) ? (last as CheckoutField) : undefined;
}

function withoutPath(message: string): string {
  const colon = message.indexOf(": ");
  return colon > 0 && !message.slice(0, colon).includes(" ") ? message.slice(colon + 2) : message;
}

/** Validation issues as one message per form field (the first for each), the rest at the top. */
export function issuesToErrors(issues: readonly { path: string; message: string }[]): CheckoutFieldErrors {
  const errors: CheckoutFieldErrors = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? "form";
    errors[field] ??= withoutPath(issue.message);
  }
  return errors;
}

/** zod's issues with their paths joined, the shape services send in `details.issues`. */
export function zodIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/**
 * After a 5xx or a timeout the order may have been placed, and even paid: the cart stays held
 * and the form keeps its key, so submitting again continues that very order.
 */
export const CHECKOUT_UNCONFIRMED = "We could not confirm your payment yet. Submit the form again to retry: it continues the same order, and you will not be charged twice.";

/** Shown when the shopper comes back to a checkout that was started and never confirmed. */
export const CHECKOUT_OPEN = "You started placing this order, but it is not confirmed yet. Submit the form to finish it: it continues the same order, and you will not be charged twice.";

const ORDER_LEVEL: Record<string, string> = {
  PRICE_CHANGED: "Some prices changed since you added the items. Your cart now shows the current prices; please review it and check out again.",
  UNAVAILABLE: "Some items in your cart are no longer available. Please review your cart.",
  OUT_OF_STOCK: "Some items in your cart have sold out, or fewer are left than you asked for. Please review your cart.",
  TOTAL_CHANGED: "A promotion your cart showed has run out or reached its limit, so your total has changed. You have not been charged; please review your cart.",
  CART_EMPTY: "Your cart is empty.",
  CHECKOUT_IN_PROGRESS: "This cart is already being checked out, perhaps in another window. Submitting this form continues that checkout: you will not be charged twice.",
  IDEMPOTENCY_KEY_REUSED: "Your cart changed while this order was being placed. Please check the details and place the order again.",
};

/** The errors to show for a refusal or an unknown outcome, or undefined when it is not one the form can explain. */
export function refusalErrors(err: unknown): CheckoutFieldErrors | undefined {
  if (!(err instanceof AppError)) return undefined;
  if (err.status >= 500) return { form: CHECKOUT_UNCONFIRMED };
  const details = (err.details ?? {}) as { issues?: unknown; field?: unknown };
  if (err.code === "VALIDATION_FAILED" && Array.isArray(details.issues)) return issuesToErrors(details.issues as { path: string; message: string }[]);
  if (err.code === "PAYMENT_FAILED") return { card: err.message.charAt(0).toUpperCase() + err.message.slice(1) + "." };
  if (err.code.startsWith("PROMOTION_")) return { promoCode: err.message };
  if (typeof details.field === "string" && fieldOf(details.field)) return { [fieldOf(details.field) ?? "form"]: err.message };
  const message = ORDER_LEVEL[err.code];
  if (message) return { form: message };
  return { form: err.message };
}

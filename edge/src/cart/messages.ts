/**
 * Shopper-facing words for cart refusals, for pages that show an error they did not produce
 * themselves (e.g. the product page after a failed "Add to cart", which arrives as
 * `?cartError=<CODE>`). Only known codes are shown, so a crafted link cannot put words on a page.
 */
const MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: "Please choose a quantity from 1 to 99.",
  INVALID_QUANTITY: "Please choose a quantity from 1 to 99.",
  QUANTITY_LIMIT: "You can have at most 99 of one item in your cart.",
  TOO_MANY_LINES: "Your cart is full: it can hold up to 100 different items.",
  VARIANT_NOT_FOUND: "That item is no longer in our catalog.",
  VARIANT_UNAVAILABLE: "That item is no longer available.",
  OUT_OF_STOCK: "That item is out of stock.",
  PRICE_UNAVAILABLE: "That item is not sold in your currency.",
  CURRENCY_MISMATCH: "That item cannot be added in your cart's currency.",
  CART_LOCKED: "Your cart is being checked out. Finish or cancel the checkout to change it.",
  SERVICE_UNAVAILABLE: "We could not reach the shop just now. Please try again.",
};

export const CART_ERROR_PARAM = "cartError";

export function cartErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return MESSAGES[code] ?? "We could not update your cart. Please try again.";
}

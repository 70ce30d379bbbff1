import type { Context } from "hono";
import type { ShippingAddress } from "../../../domain/cart.ts";
import type { CartView } from "../../../domain/cart-view.ts";
import type { Currency } from "../../../domain/money.ts";
import { log } from "../../../platform/log.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";
import { unwrap, variantNotFound } from "./failures.ts";
import { lookupVariant, lookupVariants } from "./variants.ts";

/**
 * What the cart API and the cart pages both do: find the shopper's CartObject, call it, and turn
 * a refusal into an AppError. Each function returns the cart as it now is.
 */
export function cartStub(c: Context<EdgeEnv>) {
  return c.env.CART.getByName(cartIdFor(c.get("session")));
}

/**
 * Prices are re-checked against the edge's catalog cache (normally a memory hit), at most this
 * often per cart: about the time a merchant change takes to reach the edge, so a cart shows a new
 * price within a few seconds without a second object call on every read.
 */
export const PRICE_CHECK_INTERVAL_MS = 2_000;

/**
 * The cart for display, its prices re-checked against the catalog when due. A catalog outage
 * must not hide the shopper's cart, so a failed check just shows the cart as stored.
 */
export async function currentCart(c: Context<EdgeEnv>, preferred: Currency): Promise<CartView> {
  const stub = cartStub(c);
  let view = await stub.view(preferred);
  // A held cart's order may have been paid or failed out of sight (a lost checkout answer, a
  // webhook, another tab): the cart asks orders and settles first, so it never shows stale lines.
  if (view.locked && (await stub.settleCheckout()) !== "held") view = await stub.view(preferred);
  const due = view.pricesCheckedAt === null || Date.now() - view.pricesCheckedAt >= PRICE_CHECK_INTERVAL_MS;
  if (view.lines.length === 0 || view.locked || !due) return view;
  try {
    const variants = await lookupVariants(c, view.lines.map((l) => l.variantId), view.currency);
    const refreshed = await stub.refreshPrices(variants);
    return refreshed.ok ? refreshed.cart : view;
  } catch (err) {
    log("warn", "cart price check failed", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
    return view;
  }
}

export async function addToCart(c: Context<EdgeEnv>, variantId: string, quantity: number, preferred: Currency): Promise<CartView> {
  const variant = await lookupVariant(c, variantId, preferred);
  if (!variant) throw variantNotFound(variantId);
  // The object keeps the cart's own currency once it has lines; `preferred` only fixes an empty one.
  return unwrap(await cartStub(c).addItem({ variant, quantity, currency: preferred })).cart;
}

/** A quantity of 0 takes the line out, as it would in a quantity field on a form. */
export async function changeLine(c: Context<EdgeEnv>, lineId: string, quantity: number): Promise<CartView> {
  const stub = cartStub(c);
  return unwrap(quantity === 0 ? await stub.removeItem(lineId) : await stub.updateItem(lineId, quantity)).cart;
}

export async function removeLine(c: Context<EdgeEnv>, lineId: string): Promise<CartView> {
  return unwrap(await cartStub(c).removeItem(lineId)).cart;
}

export async function applyCode(c: Context<EdgeEnv>, code: string): Promise<CartView> {
  return unwrap(await cartStub(c).applyPromotion(code)).cart;
}

export async function removeCode(c: Context<EdgeEnv>, code: string): Promise<CartView> {
  return unwrap(await cartStub(c).removePromotion(code)).cart;
}

export async function setEmail(c: Context<EdgeEnv>, email: string): Promise<CartView> {
  return unwrap(await cartStub(c).setEmail(email)).cart;
}

export async function setShippingAddress(c: Context<EdgeEnv>, address: ShippingAddress): Promise<CartView> {
  return unwrap(await cartStub(c).setShippingAddress(address)).cart;
}

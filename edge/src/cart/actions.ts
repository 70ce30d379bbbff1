import type { Context } from "hono";
import type { ShippingAddress } from "../../../domain/cart.ts";
import type { CartView } from "../../../domain/cart-view.ts";
import type { Currency } from "../../../domain/money.ts";
import { log } from "../../../platform/log.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";
import { unwrap, variantNotFound } from "./failures.ts";
import { cartPromotions, cartPromotionsRead, resolveCode } from "./promotions.ts";
import { lookupVariant, lookupVariants } from "./variants.ts";
import type { CartPromotionInput } from "../../../durable-objects/src/cart-promotions.ts";

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
  const promotions = await cartPromotionsOrNone(c);
  let view = await stub.view(preferred, promotions);
  // A held cart's order may have been paid or failed out of sight (a lost checkout answer, a
  // webhook, another tab): the cart asks orders and settles first, so it never shows stale lines.
  if (view.locked && (await stub.settleCheckout()) !== "held") view = await stub.view(preferred, promotions);
  const due = view.pricesCheckedAt === null || Date.now() - view.pricesCheckedAt >= PRICE_CHECK_INTERVAL_MS;
  if (view.lines.length === 0 || view.locked || !due) return view;
  try {
    const variants = await lookupVariants(c, view.lines.map((l) => l.variantId), view.currency);
    const refreshed = await stub.refreshPrices(variants, promotions);
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
  return unwrap(await cartStub(c).addItem({ variant, quantity, currency: preferred }, await cartPromotionsOrNone(c))).cart;
}

/** A quantity of 0 takes the line out, as it would in a quantity field on a form. */
export async function changeLine(c: Context<EdgeEnv>, lineId: string, quantity: number): Promise<CartView> {
  const stub = cartStub(c);
  const promotions = await cartPromotionsOrNone(c);
  return unwrap(quantity === 0 ? await stub.removeItem(lineId, promotions) : await stub.updateItem(lineId, quantity, promotions)).cart;
}

export async function removeLine(c: Context<EdgeEnv>, lineId: string): Promise<CartView> {
  return unwrap(await cartStub(c).removeItem(lineId, await cartPromotionsOrNone(c))).cart;
}

/** The code is resolved against the catalog here (unknown: 400 PROMOTION_NOT_FOUND); the cart judges whether it applies. */
export async function applyCode(c: Context<EdgeEnv>, code: string): Promise<CartView> {
  const promotions = await cartPromotionsRead(c);
  const resolved = await resolveCode(c, code, promotions.snapshot);
  return unwrap(await cartStub(c).applyPromotion(resolved, promotions.input)).cart;
}

export async function removeCode(c: Context<EdgeEnv>, code: string): Promise<CartView> {
  return unwrap(await cartStub(c).removePromotion(code, await cartPromotionsOrNone(c))).cart;
}

export async function setEmail(c: Context<EdgeEnv>, email: string): Promise<CartView> {
  return unwrap(await cartStub(c).setEmail(email, await cartPromotionsOrNone(c))).cart;
}

export async function setShippingAddress(c: Context<EdgeEnv>, address: ShippingAddress): Promise<CartView> {
  return unwrap(await cartStub(c).setShippingAddress(address, await cartPromotionsOrNone(c))).cart;
}

/**
 * The promotion snapshot for a cart change, or none when the catalog cannot give one: a catalog
 * outage must not stop a shopper changing their cart, which then previews with the snapshot it
 * last kept (checkout decides with the orders service's own copy anyway).
 */
async function cartPromotionsOrNone(c: Context<EdgeEnv>): Promise<CartPromotionInput | undefined> {
  try {
    return await cartPromotions(c);
  } catch (err) {
    log("warn", "promotion snapshot unavailable", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

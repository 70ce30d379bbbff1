import { env } from "cloudflare:workers";
import type { SellableVariant } from "../../domain/catalog.ts";
import { DEMO_PROMOTIONS } from "../../domain/promotions/demo.ts";
import type { CartPromotionInput } from "../src/cart-promotions.ts";

/** The demo promotions as the edge would hand them over from the catalog (WELCOME10, SAVE5, FREESHIP). */
export const DEMO_SNAPSHOT: CartPromotionInput = { snapshot: { version: 1, json: JSON.stringify({ promotions: DEMO_PROMOTIONS }) } };

/** A fresh cart per test: Durable Object names are global to the test run. */
export function newCart(prefix = "guest") {
  const name = `${prefix}:${crypto.randomUUID()}`;
  return { name, stub: env.CART.getByName(name) };
}

export function variant(id: string, overrides: Partial<SellableVariant> = {}): SellableVariant {
  return {
    variantId: id,
    productId: `product-${id}`,
    categorySlugs: ["apparel"],
    productSlug: `slug-${id}`,
    title: `Item ${id}`,
    sku: `SKU-${id}`,
    imageUrl: `/images/${id}.jpg`,
    prices: { USD: 2000, EUR: 1800, GBP: 1600 },
    active: true,
    stockState: "in_stock",
    ...overrides,
  };
}

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import { signedFetch } from "../../platform/signed-fetch.ts";
import { createAccount } from "./account-fixtures.ts";
import { merchantApi } from "./admin-fixtures.ts";
import { Shopper } from "./cart-fixtures.ts";
import { checkout, checkoutBody, stockedVariants } from "./checkout-fixtures.ts";

/**
 * A promotion limited to a customer tag, end to end: the merchant tags an account at the
 * customers service, the shopper's cart previews the promotion after sign-in (the edge tells the
 * cart the tags sign-in answered), and the orders service, once its replica has the tag from the
 * customers feed, gives the discount at checkout. Another customer sees and gets none of it.
 */
function origin(service: "customers" | "orders"): string {
  const regions = JSON.parse(env.REGIONS) as Record<string, Record<string, string>>;
  const url = regions[env.DEFAULT_REGION]?.[service];
  if (!url) throw new Error(`the test REGIONS has no ${service}`);
  return url;
}


/** The position orders has reached on the customers feed. */
async function customersFeedPosition(): Promise<number> {
  const res = await signedFetch(env.EDGE_SIGNING_SECRET, origin("orders"), "/internal/feeds");
  const { feeds } = await res.json<{ feeds: { feed: string; position: number }[] }>();
  return feeds.find((f) => f.feed === "customers")?.position ?? 0;
}

async function until<T>(what: string, attempt: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a promotion for customers with a tag", () => {
  it("shows in the cart of a tagged customer after sign-in and is given at checkout, and not to another customer", async () => {
    const tag = `spec-${crypto.randomUUID().slice(0, 8)}`;
    const created = await merchantApi("POST", "/merchant/promotions", {
      name: "Tagged customers",
      description: "Tagged 5.00 off",
      target: "order",
      status: "active",
      activation: "automatic",
      effect: { kind: "fixed_amount", amountOff: { USD: 500 } },
      conditions: { customerTags: [tag.toUpperCase()] },
    });
    expect(created.status).toBe(201);
    const promotion = (await created.json<{ promotion: PromotionDefinition }>()).promotion;
    const [variant] = await stockedVariants(1, 40);
    if (!variant) throw new Error("no variant");

    const password = "correct horse battery";
    const taggedEmail = `tagged-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const plainEmail = `plain-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const [tagged, plain] = await Promise.all([createAccount(taggedEmail, password), createAccount(plainEmail, password)]);
    const me = await (await tagged.fetch("/api/account/me")).json<{ customer: { id: string } }>();
    const before = await customersFeedPosition();
    expect((await merchantApi("PUT", `/merchant/customers/${me.customer.id}/tags`, { tags: [tag] })).status).toBe(200);

    // The tags reach the cart at the next sign-in.
    const again = new Shopper();
    expect((await again.json("/api/account/signin", "POST", { email: taggedEmail, password })).status).toBe(200);
    const shown = await until("the promotion to reach the edge", async () => {
      const res = await again.json("/api/cart/items", "POST", { variantId: variant.id, quantity: 1 });
      const { cart } = await res.json<{ cart: CartView }>();
      if (cart.promotions.some((p) => p.promotionId === promotion.id && p.applied)) return cart;
      await again.json(`/api/cart/items/${cart.lines[0]?.id ?? ""}`, "PATCH", { quantity: 0 });
      return undefined;
    });
    expect(shown.discountTotal).toBe(500);
    // Another customer's cart does not show it.
    const other = await plain.json("/api/cart/items", "POST", { variantId: variant.id, quantity: 1 });
    const otherCart = (await other.json<{ cart: CartView }>()).cart;
    expect(otherCart.promotions.map((p) => p.promotionId)).not.toContain(promotion.id);

    // Checkout's answer is the one that counts: once orders has the tag, it gives the discount.
    await until("orders to follow the customers feed", async () => ((await customersFeedPosition()) > before ? true : undefined));
    const paid = await checkout(again, crypto.randomUUID(), checkoutBody());
    expect(paid.status).toBe(201);
    const { order } = await paid.json<{ order: { status: string; discountTotal: number; total: number; promotions: { promotionId: string }[] } }>();
    expect(order).toMatchObject({ status: "paid", discountTotal: 500 });
    expect(order.promotions.map((p) => p.promotionId)).toContain(promotion.id);
    const otherPaid = await checkout(plain, crypto.randomUUID(), checkoutBody());
    expect(otherPaid.status).toBe(201);
    const otherOrder = (await otherPaid.json<{ order: { promotions: { promotionId: string }[] } }>()).order;
    expect(otherOrder.promotions.map((p) => p.promotionId)).not.toContain(promotion.id);
  });
});

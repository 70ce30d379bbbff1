import { describe, expect, it } from "vitest";
import { Shopper } from "./cart-fixtures.ts";
import { ADDRESS, CARDS, merchantPatch, stockedVariants } from "./checkout-fixtures.ts";
import { scheduleSale, shardTotals } from "./flash-sale-fixtures.ts";

/**
 * A flash sale on its product page: the sale price, a countdown, the units left (labelled
 * approximate), and "Buy now", which reserves, fills the cart and checks out at the sale price.
 */
const SAME_ORIGIN = { "sec-fetch-site": "same-origin" };

describe("the product page of a flash sale", () => {
  it("shows an upcoming sale's price and countdown, without a buy button", async () => {
    const [variant] = await stockedVariants(1, 35);
    if (!variant) throw new Error("no variant");
    await scheduleSale({ variantId: variant.id, salePrice: 321, allocation: 10, shards: 2, startsInMs: 2 * 3_600_000 });
    let html = "";
    for (let i = 0; i < 50 && !html.includes('id="flash-sale"'); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      html = await (await new Shopper().fetch(`/p/${variant.productSlug}?variant=${variant.id}`)).text();
    }
    expect(html).toContain('id="flash-sale-price"');
    expect(html).toContain("$3.21");
    expect(html).toMatch(/Starts in <time datetime="[^"]+">\d+h \d+m<\/time>/);
    expect(html).not.toContain("Buy now");
  });

  it("shows a live sale's units left as approximate, and Buy now sells one at the sale price", async () => {
    const [variant] = await stockedVariants(1, 36);
    if (!variant) throw new Error("no variant");
    await merchantPatch(variant.productSlug, { variants: [{ id: variant.id, stock: 100 }] });
    const sale = await scheduleSale({ variantId: variant.id, salePrice: 444, allocation: 7, shards: 3 });
    const shopper = new Shopper();
    // The edge learns of a merchant change within about a second (its catalog version's lifetime).
    let page = "";
    for (let i = 0; i < 50 && !page.includes('id="flash-sale"'); i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      page = await (await shopper.fetch(`/p/${variant.productSlug}?variant=${variant.id}`)).text();
    }
    expect(page).toContain("About 7 left (approximate)");
    expect(page).toMatch(/Ends in <time/);

    const buy = await shopper.fetch(`/flash-sales/${sale.id}/buy`, { method: "POST", headers: SAME_ORIGIN });
    expect(buy.status).toBe(303);
    expect(buy.headers.get("location")).toBe("/checkout");
    const form = await (await shopper.fetch("/checkout")).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const fields = { idempotencyKey: key, email: "ada@example.com", ...ADDRESS, card: CARDS.succeeds, expMonth: "12", expYear: String(new Date().getUTCFullYear() + 2), cvc: "123", promoCode: "" };
    const placed = await shopper.form("/checkout", fields, SAME_ORIGIN);
    expect(placed.status).toBe(303);
    const order = await (await shopper.fetch(placed.headers.get("location") ?? "/")).text();
    expect(order).toContain("$4.44");
    expect(await shardTotals(sale.id, 3)).toMatchObject({ held: 0, confirmed: 1 });
  });
});

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sampleVariants, Shopper, type SampleVariant } from "./cart-fixtures.ts";

let variant: SampleVariant;
let other: SampleVariant;

beforeAll(async () => {
  const [a, b] = await sampleVariants(2);
  if (!a || !b) throw new Error("need two variants");
  variant = a;
  other = b;
});

async function page(shopper: Shopper, path = "/cart"): Promise<string> {
  const res = await shopper.fetch(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/html");
  return res.text();
}

/** A shopper who has added `variant` through the product page's form. */
async function shopperWithItem(quantity = "2") {
  const shopper = new Shopper();
  const res = await shopper.form("/cart/items", { variantId: variant.id, quantity });
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe("/cart");
  const cart = await shopper.cart();
  return { shopper, lineId: cart.lines[0]?.id ?? "" };
}

describe("the cart page", () => {
  it("says so when the cart is empty", async () => {
    const html = await page(new Shopper());
    expect(html).toContain("<title>Your cart · edgeshop</title>");
    expect(html).toContain("Your cart is empty");
    expect(html).not.toContain('href="/checkout"');
  });

  it("lists lines with quantity forms, totals and a link to checkout", async () => {
    const { shopper, lineId } = await shopperWithItem("2");
    const html = await page(shopper);
    expect(html).toContain(`href="/p/${variant.productSlug}"`);
    expect(html).toContain(`action="/cart/lines/${lineId}"`);
    expect(html).toMatch(new RegExp(`id="quantity-${lineId}"[^>]*value="2"`));
    expect(html).toContain('id="cart-total"');
    expect(html).toContain('href="/checkout"');
    expect(html).toContain("Calculated at checkout");
  });
});

describe("the cart page while a checkout holds the cart", () => {
  it("keeps the forms disabled and leads back to that checkout", async () => {
    const { shopper } = await shopperWithItem("1");
    const stub = env.CART.getByName((await shopper.cart()).id);
    expect((await stub.beginCheckout("cart-page-spec")).ok).toBe(true);
    const html = await page(shopper);
    expect(html).toMatch(/<p class="notice" id="cart-locked">[^<]*<a href="\/checkout">Continue your checkout<\/a><\/p>/);
    expect(html).not.toContain(">Check out<");
    expect(html).toMatch(/value="update" disabled/);
    await stub.abortCheckout("cart-page-spec");
    const released = await page(shopper);
    expect(released).not.toContain("Continue your checkout");
    expect(released).toContain(">Check out<");
  });
});

describe("POST /cart/items (the product page's form)", () => {
  it("goes back to the product page with the error code when the quantity is wrong", async () => {
    const shopper = new Shopper();
    const referer = `http://localhost/p/${variant.productSlug}?variant=${variant.id}`;
    const res = await shopper.form("/cart/items", { variantId: variant.id, quantity: "0" }, { referer });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/p/${variant.productSlug}?variant=${variant.id}&cartError=VALIDATION_FAILED`);
    expect((await shopper.cart()).lines).toEqual([]);
  });

  it("never redirects to another site: without a usable Referer it shows the cart page with the error", async () => {
    const res = await new Shopper().form("/cart/items", { variantId: "var_nope", quantity: "1" }, { referer: "https://evil.example/p/x" });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('id="cart-error"');
    expect(html).toContain("var_nope");
  });

  it("shows a known error code carried back to the cart page, and ignores unknown ones", async () => {
    const shown = await page(new Shopper(), "/cart?cartError=OUT_OF_STOCK");
    expect(shown).toContain("That item is out of stock.");
    const crafted = await page(new Shopper(), "/cart?cartError=%3Cscript%3E");
    expect(crafted).not.toContain("<script>");
  });
});

describe("POST /cart/lines/:lineId", () => {
  it("updates the quantity and comes back to the cart", async () => {
    const { shopper, lineId } = await shopperWithItem();
    const res = await shopper.form(`/cart/lines/${lineId}`, { action: "update", quantity: "5" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cart");
    expect((await shopper.cart()).lines[0]?.quantity).toBe(5);
  });

  it("shows a bad quantity next to that line's field, changing nothing", async () => {
    const { shopper, lineId } = await shopperWithItem();
    const res = await shopper.form(`/cart/lines/${lineId}`, { action: "update", quantity: "150" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`id="quantity-${lineId}"[^>]*aria-invalid="true"`));
    expect(html).toContain(`id="quantity-error-${lineId}"`);
    expect(html).toContain("quantity must be at most 99");
    expect((await shopper.cart()).lines[0]?.quantity).toBe(2);
  });

  it("does not treat an emptied field as 0", async () => {
    const { shopper, lineId } = await shopperWithItem();
    const res = await shopper.form(`/cart/lines/${lineId}`, { action: "update", quantity: "" });
    expect(res.status).toBe(400);
    expect((await shopper.cart()).lines).toHaveLength(1);
  });

  it("removes the line with the remove button", async () => {
    const { shopper, lineId } = await shopperWithItem();
    await shopper.form("/cart/items", { variantId: other.id, quantity: "1" });
    const res = await shopper.form(`/cart/lines/${lineId}`, { action: "remove", quantity: "2" });
    expect(res.status).toBe(303);
    expect((await shopper.cart()).lines.map((l) => l.variantId)).toEqual([other.id]);
  });

  it("explains a line that is already gone (another tab removed it)", async () => {
    const { shopper, lineId } = await shopperWithItem();
    await shopper.form(`/cart/lines/${lineId}`, { action: "remove" });
    const res = await shopper.form(`/cart/lines/${lineId}`, { action: "update", quantity: "3" });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("That item is no longer in your cart.");
  });
});

describe("POST /cart/promotions", () => {
  it("applies a code and shows the discount, then removes it", async () => {
    const { shopper } = await shopperWithItem();
    const res = await shopper.form("/cart/promotions", { code: "welcome10" });
    expect(res.status).toBe(303);
    const html = await page(shopper);
    expect(html).toContain("WELCOME10");
    expect(html).toContain('id="cart-discount"');
    await shopper.form("/cart/promotions", { code: "WELCOME10", action: "remove" });
    expect((await shopper.cart()).promotions).toEqual([]);
  });

  it("shows an unknown code's error next to the code field, keeping what was typed", async () => {
    const { shopper } = await shopperWithItem();
    const res = await shopper.form("/cart/promotions", { code: "BOGUS1" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="promotion-code"[^>]*value="BOGUS1"[^>]*aria-invalid="true"/);
    expect(html).toContain('id="promotion-code-error"');
    expect(html).toContain("BOGUS1 is not a valid promotion code");
  });
});

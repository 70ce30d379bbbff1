import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import { SESSION_COOKIE } from "../src/middleware/session.ts";
import { sampleVariants, Shopper, type ErrorJson, type SampleVariant } from "./cart-fixtures.ts";

let variants: SampleVariant[] = [];
const v = (i: number): SampleVariant => {
  const found = variants[i];
  if (!found) throw new Error(`no sample variant ${i}`);
  return found;
};

beforeAll(async () => {
  variants = await sampleVariants(4);
});

async function add(shopper: Shopper, variantId: string, quantity: number, query = ""): Promise<CartView> {
  const res = await shopper.json(`/api/cart/items${query}`, "POST", { variantId, quantity });
  if (res.status !== 200) throw new Error(`add answered ${res.status}: ${await res.text()}`);
  return (await res.json<{ cart: CartView }>()).cart;
}

describe("GET /api/cart", () => {
  it("gives a new visitor a session and an empty cart in their currency", async () => {
    const shopper = new Shopper();
    const res = await shopper.fetch("/api/cart?currency=EUR");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(shopper.hasCookie(SESSION_COOKIE)).toBe(true);
    const { cart } = await res.json<{ cart: CartView }>();
    expect(cart).toMatchObject({ currency: "EUR", lines: [], subtotal: 0, discountTotal: 0, shippingTotal: 0, taxTotal: 0, total: 0, itemCount: 0, promotions: [], warnings: [] });
    expect(cart.id).toMatch(/^guest:/);
  });

  it("keeps each session's cart to itself", async () => {
    const a = new Shopper();
    const b = new Shopper();
    await add(a, v(0).id, 1);
    expect((await b.cart()).lines).toEqual([]);
    expect((await a.cart()).lines).toHaveLength(1);
  });
});

describe("POST /api/cart/items", () => {
  it("adds a line at the catalog's price, in the contract's shape", async () => {
    const shopper = new Shopper();
    const cart = await add(shopper, v(0).id, 2);
    expect(cart.lines).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        variantId: v(0).id,
        productSlug: v(0).productSlug,
        title: expect.stringContaining(v(0).title),
        unitPrice: v(0).price.amount,
        quantity: 2,
        lineTotal: v(0).price.amount * 2,
      }),
    ]);
    expect(cart).toMatchObject({ currency: "USD", subtotal: v(0).price.amount * 2, itemCount: 2 });
    expect(cart.total).toBe(cart.subtotal - cart.discountTotal + cart.shippingTotal + cart.taxTotal);
  });

  it("adds to the existing line for the same variant", async () => {
    const shopper = new Shopper();
    await add(shopper, v(0).id, 2);
    const cart = await add(shopper, v(0).id, 3);
    expect(cart.lines.map((l) => l.quantity)).toEqual([5]);
  });

  it.each([
    [{ variantId: "x", quantity: 0 }, "quantity"],
    [{ variantId: "x", quantity: 100 }, "quantity"],
    [{ variantId: "x", quantity: 1.5 }, "quantity"],
    [{ variantId: "x", quantity: "2" }, "quantity"],
    [{ variantId: "x" }, "quantity"],
    [{ quantity: 1 }, "variantId"],
  ])("refuses %j with a 400 naming %s", async (body, field) => {
    const res = await new Shopper().json("/api/cart/items", "POST", body);
    expect(res.status).toBe(400);
    const { error } = await res.json<ErrorJson>();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain(field);
  });

  it("refuses a body that is not JSON with a 400", async () => {
    const res = await new Shopper().fetch("/api/cart/items", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(res.status).toBe(400);
    expect((await res.json<ErrorJson>()).error.code).toBe("BAD_REQUEST");
  });

  it("answers 404 for a variant the catalog does not have", async () => {
    const res = await new Shopper().json("/api/cart/items", "POST", { variantId: "var_does_not_exist", quantity: 1 });
    expect(res.status).toBe(404);
    expect(await res.json<ErrorJson>()).toMatchObject({ error: { code: "VARIANT_NOT_FOUND", details: { field: "variantId" } } });
  });

  it("refuses going past 99 of one item with a 400 naming quantity", async () => {
    const shopper = new Shopper();
    await add(shopper, v(1).id, 98);
    const res = await shopper.json("/api/cart/items", "POST", { variantId: v(1).id, quantity: 2 });
    expect(res.status).toBe(400);
    const { error } = await res.json<ErrorJson>();
    expect(error).toMatchObject({ code: "QUANTITY_LIMIT", details: { field: "quantity" } });
    expect(error.message).toContain("quantity");
  });

  it("fixes the cart's currency with the first line", async () => {
    const shopper = new Shopper();
    const first = await add(shopper, v(0).id, 1, "?currency=GBP");
    expect(first.currency).toBe("GBP");
    const second = await add(shopper, v(1).id, 1, "?currency=USD");
    expect(second.currency).toBe("GBP");
    expect((await shopper.cart("?currency=EUR")).currency).toBe("GBP");
  });

  it("lands 20 concurrent adds from two tabs of one session", async () => {
    const shopper = new Shopper();
    await shopper.cart();
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(shopper, v(i % 4).id, 1)));
    const cart = await shopper.cart();
    expect(cart.lines).toHaveLength(4);
    expect(cart.itemCount).toBe(20);
    expect(cart.lines.map((l) => l.quantity)).toEqual([5, 5, 5, 5]);
  });
});

describe("PATCH and DELETE /api/cart/items/:lineId", () => {
  it("sets the quantity, 0 removes the line, DELETE removes it", async () => {
    const shopper = new Shopper();
    await add(shopper, v(0).id, 1);
    const cart = await add(shopper, v(1).id, 1);
    const [first, second] = cart.lines;

    const patched = await shopper.json(`/api/cart/items/${first?.id}`, "PATCH", { quantity: 4 });
    expect(patched.status).toBe(200);
    expect((await patched.json<{ cart: CartView }>()).cart.lines.map((l) => l.quantity)).toEqual([4, 1]);

    const zero = await shopper.json(`/api/cart/items/${first?.id}`, "PATCH", { quantity: 0 });
    expect((await zero.json<{ cart: CartView }>()).cart.lines.map((l) => l.id)).toEqual([second?.id]);

    const deleted = await shopper.json(`/api/cart/items/${second?.id}`, "DELETE");
    expect(deleted.status).toBe(200);
    expect((await deleted.json<{ cart: CartView }>()).cart.lines).toEqual([]);
  });

  it("answers 400 naming quantity, and 404 for a line that is not there", async () => {
    const shopper = new Shopper();
    const cart = await add(shopper, v(0).id, 1);
    const bad = await shopper.json(`/api/cart/items/${cart.lines[0]?.id}`, "PATCH", { quantity: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json<ErrorJson>()).error.message).toContain("quantity");
    const missing = await shopper.json("/api/cart/items/nope", "PATCH", { quantity: 1 });
    expect(missing.status).toBe(404);
    expect((await missing.json<ErrorJson>()).error.code).toBe("LINE_NOT_FOUND");
    expect((await shopper.json("/api/cart/items/nope", "DELETE")).status).toBe(404);
  });
});

describe("a cart held by a checkout", () => {
  it("refuses changes with 409 CART_LOCKED until the checkout lets go", async () => {
    const shopper = new Shopper();
    const cart = await add(shopper, v(0).id, 1);
    const stub = env.CART.getByName(cart.id);
    expect((await stub.beginCheckout("spec-key")).ok).toBe(true);
    const res = await shopper.json("/api/cart/items", "POST", { variantId: v(1).id, quantity: 1 });
    expect(res.status).toBe(409);
    expect((await res.json<ErrorJson>()).error.code).toBe("CART_LOCKED");
    expect((await shopper.cart()).locked).toBe(true);
    await stub.abortCheckout("spec-key");
    expect((await add(shopper, v(1).id, 1)).lines).toHaveLength(2);
  });
});

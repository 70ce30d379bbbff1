import { describe, expect, it } from "vitest";
import type { CartView } from "../../domain/cart-view.ts";
import { addToCart, CARDS, checkout, checkoutBody, merchantPatch, stockedVariants } from "./checkout-fixtures.ts";
import { reserve, scheduleSale, shardTotals } from "./flash-sale-fixtures.ts";

/**
 * A reserved flash-sale line in the cart: the cart shows the sale price checkout will charge, the
 * checkout carries the reservation the cart was told of, and once the reservation is given back
 * (a declined card) the line is at the regular price again.
 */
describe("a reserved flash-sale line in the cart", () => {
  it("shows the sale price, is bought at it without the token sent again, and shows the regular price after a decline", async () => {
    const [variant] = await stockedVariants(1, 37);
    if (!variant) throw new Error("no variant");
    await merchantPatch(variant.productSlug, { variants: [{ id: variant.id, stock: 100 }] });
    const salePrice = Math.max(1, variant.price - 111);
    const sale = await scheduleSale({ variantId: variant.id, salePrice, allocation: 3, shards: 1, perCustomerMax: 2 });

    const first = await reserve(sale.id);
    if (first.kind !== "reserved") throw new Error(`expected a reservation, got ${JSON.stringify(first)}`);
    const { shopper } = first;
    const shown = await addToCart(shopper, variant.id);
    expect(shown.lines).toEqual([expect.objectContaining({ variantId: variant.id, unitPrice: salePrice, quantity: 1 })]);
    expect(shown.subtotal).toBe(salePrice);
    // Two units are not what was reserved: checkout would charge the regular price, so the cart does.
    const two = await shopper.json(`/api/cart/items/${shown.lines[0]?.id ?? ""}`, "PATCH", { quantity: 2 });
    expect((await two.json<{ cart: CartView }>()).cart.lines[0]).toMatchObject({ unitPrice: variant.price, quantity: 2 });
    const one = await shopper.json(`/api/cart/items/${shown.lines[0]?.id ?? ""}`, "PATCH", { quantity: 1 });
    expect((await one.json<{ cart: CartView }>()).cart.lines[0]).toMatchObject({ unitPrice: salePrice });

    // A declined card gives the units back: the cart then shows (and would charge) the regular price.
    const declined = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.declined));
    expect(declined.status).toBe(402);
    expect((await shardTotals(sale.id, 1)).available).toBe(3);
    expect((await shopper.cart()).lines[0]).toMatchObject({ variantId: variant.id, unitPrice: variant.price });

    // Reserved again: the sale price is back, and the checkout needs no token from the shopper.
    const second = await reserve(sale.id, shopper);
    if (second.kind !== "reserved") throw new Error(`expected a reservation, got ${JSON.stringify(second)}`);
    const cart = await shopper.cart();
    expect(cart.lines[0]).toMatchObject({ unitPrice: salePrice });
    const paid = await checkout(shopper, crypto.randomUUID(), checkoutBody(CARDS.succeeds));
    expect(paid.status).toBe(201);
    const { order } = await paid.json<{ order: { status: string; total: number; lines: { unitPrice: number }[] } }>();
    // Charged exactly what the cart showed.
    expect(order).toMatchObject({ status: "paid", total: cart.total, lines: [{ unitPrice: salePrice }] });
    expect(await shardTotals(sale.id, 1)).toEqual({ available: 2, held: 0, confirmed: 1 });
    // The reservation was used: the same variant added again is at the regular price.
    expect((await addToCart(shopper, variant.id)).lines[0]).toMatchObject({ unitPrice: variant.price });
  });
});

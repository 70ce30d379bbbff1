import type { CartView } from "../../domain/cart-view.ts";
import type { CategoryNode, ProductDetail, ProductSummary } from "../catalog/views.ts";
import type { Customer } from "../customers/api.ts";
import type { Order } from "../orders/api.ts";

/**
 * Realistic answers for the storefront API's document. Typed by the shapes they illustrate, and
 * checked against the document's schemas by scripts/openapi-check.ts's exampleProblems.
 */
const ADDRESS = { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" };
const LINE = {
  variantId: "var_sunset-tee-navy-m",
  productSlug: "sunset-tee",
  title: "Sunset Tee — Navy / M",
  sku: "TEE-SUN-NAV-M",
  imageUrl: "https://images.edgeshop.dev/sunset-tee.jpg",
  unitPrice: 2500,
  quantity: 2,
  lineTotal: 5000,
  discount: 500,
};
const TOTALS = { subtotal: 5000, discountTotal: 500, shippingTotal: 0, taxTotal: 900, total: 5400, itemCount: 2 };
const PROMOTION = { promotionId: "promo_welcome10", code: "WELCOME10", description: "10% off your first order", amount: 500, shippingAmount: 0, freeShipping: false, lines: [{ key: "0", amount: 500 }] };

export const EXAMPLE_CART: CartView = {
  id: "cart_9f2c4b7e",
  currency: "GBP",
  lines: [{ id: "line_1", ...LINE }],
  ...TOTALS,
  // A cart keys a promotion's lines by cart line id, an order by position.
  promotions: [{ ...PROMOTION, lines: [{ key: "line_1", amount: 500 }], applied: true }],
  warnings: [],
  email: "ada@example.com",
  shippingAddress: ADDRESS,
  locked: false,
  pricesCheckedAt: 1767225600000,
};

export const EXAMPLE_ORDER: Order = {
  id: "ord_01JH7QX2K9",
  status: "paid",
  idempotencyKey: "6f1d4c1e-2b8a-4f7e-9d0a-1c2b3d4e5f60",
  currency: "GBP",
  email: "ada@example.com",
  shippingAddress: ADDRESS,
  lines: [LINE],
  promotions: [PROMOTION],
  payment: { id: "pay_01JH7QX3M4", status: "succeeded", brand: "visa", last4: "4242", failureReason: null },
  ...TOTALS,
  createdAt: "2026-01-01T12:00:00.000Z",
  updatedAt: "2026-01-01T12:00:02.000Z",
};

export const EXAMPLE_SUMMARY: ProductSummary = {
  id: "prod_sunset-tee",
  slug: "sunset-tee",
  title: "Sunset Tee",
  categorySlug: "apparel-shirts",
  imageUrl: "https://images.edgeshop.dev/sunset-tee.jpg",
  price: { amount: 2500, currency: "GBP" },
  stockState: "in_stock",
  createdAt: "2025-11-01T09:00:00.000Z",
};

export const EXAMPLE_PRODUCT: ProductDetail = {
  ...EXAMPLE_SUMMARY,
  description: "Soft organic cotton, printed with a sunset over the sea.",
  categoryPath: [
    { slug: "apparel", name: "Apparel" },
    { slug: "apparel-shirts", name: "Shirts" },
  ],
  options: [
    { name: "Colour", values: ["Navy"] },
    { name: "Size", values: ["M", "L"] },
  ],
  variants: [
    { id: "var_sunset-tee-navy-m", sku: "TEE-SUN-NAV-M", title: "Navy / M", options: { Colour: "Navy", Size: "M" }, price: { amount: 2500, currency: "GBP" }, stockState: "in_stock", active: true },
    { id: "var_sunset-tee-navy-l", sku: "TEE-SUN-NAV-L", title: "Navy / L", options: { Colour: "Navy", Size: "L" }, price: { amount: 2500, currency: "GBP" }, stockState: "low_stock", active: true },
  ],
  active: true,
  updatedAt: "2025-12-01T09:00:00.000Z",
};

export const EXAMPLE_CATEGORY: CategoryNode = {
  id: "cat_apparel",
  slug: "apparel",
  name: "Apparel",
  parentSlug: null,
  path: ["apparel"],
  productCount: 42,
  children: [{ id: "cat_apparel-shirts", slug: "apparel-shirts", name: "Shirts", parentSlug: "apparel", path: ["apparel", "apparel-shirts"], productCount: 17, children: [] }],
};

export const EXAMPLE_CUSTOMER: Customer = { id: "cus_01JH7QW8P2", email: "ada@example.com", name: "Ada Lovelace" };

import { z } from "@hono/zod-openapi";
import type { CartView } from "../../domain/cart-view.ts";
import { STOCK_STATES } from "../../domain/catalog.ts";
import { CURRENCIES } from "../../domain/money.ts";
import type { CategoryNode, ProductDetail, ProductListPage } from "../catalog/views.ts";
import type { Customer } from "../customers/api.ts";
import type { SignUpAccepted } from "../customers/signup.ts";
import { appliedPromotionSchema, nextActionSchema, orderLineSchema, orderSchema as ordersOrderSchema, type CheckoutResponse, type Order } from "../orders/api.ts";
import { EXAMPLE_CART, EXAMPLE_CATEGORY, EXAMPLE_CUSTOMER, EXAMPLE_ORDER, EXAMPLE_PRODUCT, EXAMPLE_SUMMARY } from "./examples.ts";

/**
 * The storefront API's answers as zod schemas, for its OpenAPI document and its typed client.
 * The TypeScript types stay where they were (domain/ has no dependencies, contracts/<service>/
 * declares the services' shapes); `Same<>` below makes the compile fail when a schema and its
 * type part ways, so there is still one source of truth per shape.
 *
 * `.openapi()` exists only on schemas made after @hono/zod-openapi is loaded (zod 4 adds methods
 * per instance), so a schema imported from a plain-zod module gets its example with `.meta()`.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(check: Same<A, B>) => check;

const minor = z.number().int().openapi({ description: "Minor units of the currency (cents)", example: 2500 });
const currency = z.enum(CURRENCIES);

export const shippingAddressViewSchema = z
  .object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string(),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2, upper case" }),
  })
  .openapi("ShippingAddress");

const totals = {
  subtotal: minor,
  discountTotal: minor,
  shippingTotal: minor,
  taxTotal: minor,
  total: minor,
  itemCount: z.number().int(),
};

// The line and promotion fields are the orders contract's own: a cart line is an order line with an id.
const lineVariant = orderLineSchema.shape;
const appliedPromotion = appliedPromotionSchema.shape;

export const cartViewSchema = z
  .object({
    id: z.string(),
    currency,
    lines: z.array(z.object({ id: z.string(), ...lineVariant })),
    ...totals,
    promotions: z.array(z.object({ ...appliedPromotion, promotionId: z.string().nullable(), applied: z.boolean(), message: z.string().optional() })),
    warnings: z.array(
      z.object({
        code: z.enum(["PRICE_CHANGED", "OUT_OF_STOCK", "UNAVAILABLE", "QUANTITY_CAPPED", "NOT_MERGED", "PROMOTION_UNAVAILABLE"]),
        variantId: z.string().optional(),
        promotionId: z.string().optional(),
        lineId: z.string().optional(),
        message: z.string(),
        previousPrice: minor.optional(),
        currentPrice: minor.optional(),
      }),
    ),
    email: z.string().nullable(),
    shippingAddress: shippingAddressViewSchema.nullable(),
    locked: z.boolean().openapi({ description: "A checkout holds the cart: changes are refused until it completes" }),
    pricesCheckedAt: z.number().nullable(),
  })
  .openapi("Cart", { example: EXAMPLE_CART });
same<z.output<typeof cartViewSchema>, CartView>(true);

export const cartAnswerSchema = z.object({ cart: cartViewSchema }).openapi("CartAnswer");

/** The orders contract's order, named and illustrated for the storefront document. */
export const orderSchema = z
  .object({ ...ordersOrderSchema.shape, shippingAddress: shippingAddressViewSchema })
  .openapi("Order", { example: EXAMPLE_ORDER });
same<z.output<typeof orderSchema>, Order>(true);

export const orderAnswerSchema = z.object({ order: orderSchema }).openapi("OrderAnswer");
export const orderListSchema = z.object({ orders: z.array(orderSchema) }).openapi("OrderList");
export const checkoutAnswerSchema = z
  .object({
    order: orderSchema,
    nextAction: nextActionSchema.optional().meta({ description: "Present when the payment needs the shopper's confirmation (POST /api/orders/{id}/payment-confirmation)" }),
  })
  .openapi("CheckoutAnswer");
same<z.output<typeof checkoutAnswerSchema>, CheckoutResponse>(true);

const price = z.object({ amount: minor, currency });
const stockState = z.enum(STOCK_STATES);
const summary = {
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  categorySlug: z.string(),
  imageUrl: z.string(),
  price: price.openapi({ description: "The lowest variant price in the requested currency" }),
  stockState,
  createdAt: z.string(),
};

export const productSummarySchema = z.object(summary).openapi("ProductSummary", { example: EXAMPLE_SUMMARY });
export const productListPageSchema = z
  .object({ products: z.array(productSummarySchema), nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last" }) })
  .openapi("ProductListPage");
same<z.output<typeof productListPageSchema>, ProductListPage>(true);

export const productDetailSchema = z
  .object({
    ...summary,
    description: z.string(),
    categoryPath: z.array(z.object({ slug: z.string(), name: z.string() })),
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    variants: z.array(
      z.object({ id: z.string(), sku: z.string(), title: z.string(), options: z.record(z.string(), z.string()), price, stockState, active: z.boolean() }),
    ),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi("ProductDetail", { example: EXAMPLE_PRODUCT });
same<z.output<typeof productDetailSchema>, ProductDetail>(true);
export const productAnswerSchema = z.object({ product: productDetailSchema }).openapi("ProductAnswer");

const categoryFields = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  parentSlug: z.string().nullable(),
  path: z.array(z.string()).openapi({ description: "Root-first slugs" }),
  productCount: z.number().int(),
};
/** A tree: each node's `children` are nodes of the same shape. */
export const categoryNodeSchema: z.ZodType<CategoryNode> = z
  .object({
    ...categoryFields,
    get children() {
      return z.array(categoryNodeSchema);
    },
  })
  .openapi("CategoryNode", { example: EXAMPLE_CATEGORY });
export const categoriesAnswerSchema = z.object({ categories: z.array(categoryNodeSchema) }).openapi("CategoryTree");

export const customerSchema = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).openapi("Customer", { example: EXAMPLE_CUSTOMER });
same<z.output<typeof customerSchema>, Customer>(true);
export const customerAnswerSchema = z.object({ customer: customerSchema }).openapi("CustomerAnswer");
export const signedOutSchema = z.object({ customer: z.null() }).openapi("SignedOut");
export const currentCustomerSchema = z.object({ customer: customerSchema.nullable() }).openapi("CurrentCustomer");
export const signUpAcceptedSchema = z
  .object({ status: z.literal("check_inbox"), message: z.string() })
  .openapi("SignUpAccepted", { example: { status: "check_inbox", message: "Check your inbox to finish creating your account." } });
same<z.output<typeof signUpAcceptedSchema>, SignUpAccepted>(true);

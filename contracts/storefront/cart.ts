import { createRoute, z } from "@hono/zod-openapi";
import { shippingAddressSchema } from "../text.ts";
import { addItemBodySchema, emailBodySchema, lineIdParamSchema, promotionBodySchema, promotionCodeSchema, updateItemBodySchema } from "./cart-requests.ts";
import { conflict, notFound, SESSION, unavailable, WRITE_REFUSALS } from "./responses.ts";
import { cartAnswerSchema } from "./views.ts";

/**
 * The shopper's cart (one per session). Every answer is `{ cart }`, never cached by a shared
 * cache (`Cache-Control: private, no-store`). A cart held by a checkout refuses changes with 409
 * CART_LOCKED until the checkout completes.
 */
const cartAnswer = { description: "The cart after the change", content: { "application/json": { schema: cartAnswerSchema } } };
const json = <S extends z.ZodType>(schema: S, example: unknown) => ({ required: true, content: { "application/json": { schema, example } } });
const locked = conflict("CART_LOCKED while a checkout holds the cart; OUT_OF_STOCK, TOO_MANY_LINES, CURRENCY_MISMATCH as the change needs");
const line = z.object({ lineId: lineIdParamSchema.shape.lineId.meta({ example: "line_1" }) });
const base = { tags: ["Cart"], security: SESSION };

export const getCartRoute = createRoute({
  ...base,
  method: "get",
  path: "/api/cart",
  summary: "Read the cart",
  description: "Prices are rechecked against the catalog when stale; changes since show up in `warnings`.",
  responses: { 200: { ...cartAnswer, description: "The cart (empty on a first visit)" }, 503: unavailable },
});

export const addItemRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/cart/items",
  summary: "Add a variant to the cart",
  description: "Adds to the line of the same variant if there is one. Quantity is capped per line.",
  request: { body: json(addItemBodySchema, { variantId: "var_sunset-tee-navy-m", quantity: 2 }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 404: notFound("VARIANT_NOT_FOUND: the catalog has no such variant"), 409: locked },
});

export const updateItemRoute = createRoute({
  ...base,
  method: "patch",
  path: "/api/cart/items/{lineId}",
  summary: "Change a line's quantity (0 removes it)",
  request: { params: line, body: json(updateItemBodySchema, { quantity: 3 }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 404: notFound("LINE_NOT_FOUND: the cart has no such line"), 409: locked },
});

export const removeItemRoute = createRoute({
  ...base,
  method: "delete",
  path: "/api/cart/items/{lineId}",
  summary: "Remove a line",
  request: { params: line },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 404: notFound("LINE_NOT_FOUND: the cart has no such line"), 409: locked },
});

export const applyPromotionRoute = createRoute({
  ...base,
  method: "post",
  path: "/api/cart/promotions",
  summary: "Apply a promotion code",
  description: "An unknown code is 400 PROMOTION_NOT_FOUND; a known code the cart does not qualify for stays listed with `applied: false` and the reason.",
  request: { body: json(promotionBodySchema, { code: "WELCOME10" }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 409: conflict("CART_LOCKED, TOO_MANY_PROMOTIONS, PROMOTION_NOT_APPLICABLE") },
});

export const removePromotionRoute = createRoute({
  ...base,
  method: "delete",
  path: "/api/cart/promotions/{code}",
  summary: "Remove a promotion code",
  request: { params: z.object({ code: promotionCodeSchema.meta({ example: "WELCOME10" }) }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 409: locked },
});

export const setEmailRoute = createRoute({
  ...base,
  method: "put",
  path: "/api/cart/email",
  summary: "Set the contact email for checkout",
  request: { body: json(emailBodySchema, { email: "ada@example.com" }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 409: locked },
});

export const setShippingAddressRoute = createRoute({
  ...base,
  method: "put",
  path: "/api/cart/shipping-address",
  summary: "Set the shipping address (shipping and tax follow its country)",
  request: { body: json(shippingAddressSchema, { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" }) },
  responses: { 200: cartAnswer, ...WRITE_REFUSALS, 409: locked },
});

export const CART_ROUTES = [getCartRoute, addItemRoute, updateItemRoute, removeItemRoute, applyPromotionRoute, removePromotionRoute, setEmailRoute, setShippingAddressRoute] as const;

import { Hono } from "hono";
import type { CartView } from "../../../domain/cart-view.ts";
import { parse, parseJsonBody } from "../../../platform/http.ts";
import { shippingAddressSchema } from "../../../platform/schemas.ts";
import { addToCart, applyCode, changeLine, currentCart, removeCode, removeLine, setEmail, setShippingAddress } from "./actions.ts";
import {
  addItemBodySchema,
  emailBodySchema,
  lineIdParamSchema,
  promotionBodySchema,
  promotionCodeSchema,
  updateItemBodySchema,
} from "./schemas.ts";
import { preferredCurrency } from "../ui/currency.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The shopper's cart as JSON (mounted at /api/cart behind the session middleware). Every answer
 * is `{ cart }`; refusals are the usual `{ error: { code, message, details: { field } } }`.
 * Carts are personal, so nothing here may be cached by a shared cache.
 */
export const cartRoutes = new Hono<EdgeEnv>();

const answer = (cart: CartView) => ({ cart });

cartRoutes.use("*", async (c, next) => {
  await next();
  c.header("cache-control", "private, no-store");
});

cartRoutes.get("/", async (c) => c.json(answer(await currentCart(c, preferredCurrency(c)))));

cartRoutes.post("/items", async (c) => {
  const { variantId, quantity } = await parseJsonBody(c, addItemBodySchema);
  return c.json(answer(await addToCart(c, variantId, quantity, preferredCurrency(c))));
});

cartRoutes.patch("/items/:lineId", async (c) => {
  const { lineId } = parse(lineIdParamSchema, c.req.param());
  const { quantity } = await parseJsonBody(c, updateItemBodySchema);
  return c.json(answer(await changeLine(c, lineId, quantity)));
});

cartRoutes.delete("/items/:lineId", async (c) => {
  const { lineId } = parse(lineIdParamSchema, c.req.param());
  return c.json(answer(await removeLine(c, lineId)));
});

cartRoutes.post("/promotions", async (c) => {
  const { code } = await parseJsonBody(c, promotionBodySchema);
  return c.json(answer(await applyCode(c, code)));
});

cartRoutes.delete("/promotions/:code", async (c) => {
  const code = parse(promotionCodeSchema, c.req.param("code"));
  return c.json(answer(await removeCode(c, code)));
});

cartRoutes.put("/email", async (c) => {
  const { email } = await parseJsonBody(c, emailBodySchema);
  return c.json(answer(await setEmail(c, email)));
});

cartRoutes.put("/shipping-address", async (c) => {
  const address = await parseJsonBody(c, shippingAddressSchema);
  return c.json(answer(await setShippingAddress(c, address)));
});

import type { CartView } from "../../../domain/cart-view.ts";
import { createOpenApiApp } from "../../../platform/openapi.ts";
import {
  addItemRoute,
  applyPromotionRoute,
  getCartRoute,
  removeItemRoute,
  removePromotionRoute,
  setEmailRoute,
  setShippingAddressRoute,
  updateItemRoute,
} from "../../../contracts/storefront/cart.ts";
import { addToCart, applyCode, changeLine, currentCart, removeCode, removeLine, setEmail, setShippingAddress } from "./actions.ts";
import { preferredCurrency } from "../ui/currency.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The shopper's cart as JSON (contracts/storefront/cart.ts), mounted behind the session
 * middleware. Every answer is `{ cart }`; refusals are the usual `{ error: { code, message,
 * details: { field } } }`. Carts are personal, so nothing here may be cached by a shared cache.
 */
export const cartRoutes = createOpenApiApp<EdgeEnv>();

const answer = (cart: CartView) => ({ cart });

// Set before the answer is made, so it is part of it (refusals included): set afterwards, Hono
// would build the whole response again to add one header.
cartRoutes.use("/api/cart/*", async (c, next) => {
  c.header("cache-control", "private, no-store");
  await next();
});

cartRoutes.openapi(getCartRoute, async (c) => c.json(answer(await currentCart(c, preferredCurrency(c))), 200));

cartRoutes.openapi(addItemRoute, async (c) => {
  const { variantId, quantity } = c.req.valid("json");
  return c.json(answer(await addToCart(c, variantId, quantity, preferredCurrency(c))), 200);
});

cartRoutes.openapi(updateItemRoute, async (c) => {
  const { lineId } = c.req.valid("param");
  const { quantity } = c.req.valid("json");
  return c.json(answer(await changeLine(c, lineId, quantity)), 200);
});

cartRoutes.openapi(removeItemRoute, async (c) => c.json(answer(await removeLine(c, c.req.valid("param").lineId)), 200));

cartRoutes.openapi(applyPromotionRoute, async (c) => c.json(answer(await applyCode(c, c.req.valid("json").code)), 200));

cartRoutes.openapi(removePromotionRoute, async (c) => c.json(answer(await removeCode(c, c.req.valid("param").code)), 200));

cartRoutes.openapi(setEmailRoute, async (c) => c.json(answer(await setEmail(c, c.req.valid("json").email)), 200));

cartRoutes.openapi(setShippingAddressRoute, async (c) => c.json(answer(await setShippingAddress(c, c.req.valid("json"))), 200));

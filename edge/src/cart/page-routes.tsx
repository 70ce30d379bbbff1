import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../../../platform/errors.ts";
import { parse } from "../../../platform/http.ts";
import { addToCart, applyCode, changeLine, currentCart, removeCode, removeLine } from "./actions.ts";
import { CartPage, type FieldError } from "./cart-page.tsx";
import { backWithError, formFields } from "./forms.ts";
import { CART_ERROR_PARAM, cartErrorMessage } from "./messages.ts";
import { addItemFormSchema, lineIdParamSchema, promotionFormSchema, updateLineFormSchema } from "../../../contracts/storefront/cart-requests.ts";
import { preferredCurrency } from "../ui/currency.ts";
import { pageErrors } from "../ui/render.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * The cart page and its forms. Success answers 303 back to /cart (so a reload never re-posts);
 * a refusal renders the page again with the message beside the field it is about.
 */
export const cartPagesRoutes = new Hono<EdgeEnv>();
cartPagesRoutes.onError(pageErrors);

async function renderCart(c: Context<EdgeEnv>, error?: FieldError, status: ContentfulStatusCode = 200, codeInput?: string) {
  const cart = await currentCart(c, preferredCurrency(c));
  c.header("cache-control", "private, no-store");
  return c.html(<CartPage cart={cart} session={c.get("session")} error={error} codeInput={codeInput} />, status);
}

/** Refusals (AppError) become a message on the page; anything else is a real failure. */
function refusal(err: unknown): AppError {
  if (err instanceof AppError) return err;
  throw err;
}

const status = (err: AppError) => err.status as ContentfulStatusCode;

cartPagesRoutes.get("/cart", async (c) => {
  const message = cartErrorMessage(c.req.query(CART_ERROR_PARAM));
  return renderCart(c, message ? { field: "cart", message } : undefined);
});

cartPagesRoutes.post("/cart/items", async (c) => {
  try {
    const { variantId, quantity } = parse(addItemFormSchema, await formFields(c));
    await addToCart(c, variantId, quantity, preferredCurrency(c));
    return c.redirect("/cart", 303);
  } catch (err) {
    const e = refusal(err);
    const back = backWithError(c, e.code);
    if (back) return c.redirect(back, 303);
    return renderCart(c, { field: "cart", message: e.message }, status(e));
  }
});

cartPagesRoutes.post("/cart/lines/:lineId", async (c) => {
  const { lineId } = parse(lineIdParamSchema, c.req.param());
  try {
    const form = parse(updateLineFormSchema, await formFields(c));
    if (form.action === "remove") await removeLine(c, lineId);
    else await changeLine(c, lineId, parse(updateLineFormSchema.required({ quantity: true }), form).quantity);
    return c.redirect("/cart", 303);
  } catch (err) {
    const e = refusal(err);
    const error: FieldError = e.code === "LINE_NOT_FOUND" ? { field: "cart", message: "That item is no longer in your cart." } : { field: "quantity", lineId, message: e.message };
    return renderCart(c, error, status(e));
  }
});

cartPagesRoutes.post("/cart/promotions", async (c) => {
  const fields = await formFields(c);
  try {
    const { code, action } = parse(promotionFormSchema, fields);
    await (action === "remove" ? removeCode(c, code) : applyCode(c, code));
    return c.redirect("/cart", 303);
  } catch (err) {
    const e = refusal(err);
    return renderCart(c, { field: "code", message: e.message }, status(e), fields.code);
  }
});

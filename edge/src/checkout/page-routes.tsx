import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import { parse } from "../../../platform/http.ts";
import { idempotencyKeySchema, type Order } from "../../../contracts/orders/api.ts";
import { awaitsConfirmation, checkoutDeclined } from "../../../domain/order-state.ts";
import { cartStub, currentCart } from "../cart/actions.ts";
import { formFields } from "../cart/forms.ts";
import { reconcileCartHold, settleCartHold } from "./cart-hold.ts";
import { CheckoutPage } from "./checkout-page.tsx";
import { CHECKOUT_OPEN, issuesToErrors, refusalErrors, zodIssues, type CheckoutFieldErrors } from "./form-errors.ts";
import { ConfirmPaymentPage, OrderPage, OrdersPage } from "./order-pages.tsx";
import { confirmOrderPayment, findOrder, listOrders, orderNotFound } from "./orders-api.ts";
import { paymentDeclined, placeCheckout } from "./place-checkout.ts";
import { forgetReservation, pendingReservation } from "../flash-sales/page-routes.tsx";
import { checkoutBodySchema, formToBody, orderIdParamSchema, readCheckoutForm, type CheckoutForm } from "../../../contracts/storefront/checkout-requests.ts";
import { preferredCurrency } from "../ui/currency.ts";
import { pageErrors } from "../ui/render.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * Checkout and order pages: GET/POST /checkout, /orders, /orders/:id and the extra payment step
 * at /orders/:id/confirm-payment. Success answers 303 (a reload never re-posts); a refusal draws
 * the form again with each message beside its field. The form's idempotency key is fresh unless
 * a checkout still holds the cart: then the form carries that checkout's key, so submitting it
 * continues the same order instead of starting a second one.
 */
export const checkoutPagesRoutes = new Hono<EdgeEnv>();
checkoutPagesRoutes.onError(pageErrors);
for (const path of ["/checkout", "/orders", "/orders/*"]) {
  checkoutPagesRoutes.use(path, async (c, next) => {
    await next();
    c.header("cache-control", "private, no-store");
  });
}

async function renderCheckout(c: Context<EdgeEnv>, values: Partial<CheckoutForm> = {}, errors: CheckoutFieldErrors = {}, status: ContentfulStatusCode = 200, idempotencyKey = crypto.randomUUID()) {
  const cart = await currentCart(c, preferredCurrency(c));
  if (cart.lines.length === 0 && !errors.form) return c.redirect("/cart", 303);
  const session = c.get("session");
  const address = cart.shippingAddress;
  const prefilled: Partial<CheckoutForm> = {
    email: cart.email ?? session.email ?? "",
    ...(address ? { ...address, line2: address.line2 ?? "", region: address.region ?? "" } : {}),
    ...values,
  };
  return c.html(<CheckoutPage cart={cart} session={session} idempotencyKey={idempotencyKey} values={prefilled} errors={errors} />, status);
}

const orderPath = (order: Order) => (awaitsConfirmation(order) ? `/orders/${order.id}/confirm-payment` : `/orders/${order.id}`);

/** The key of the checkout holding the cart, if one does: the form must continue it, not start another. */
async function heldKey(c: Context<EdgeEnv>): Promise<string | undefined> {
  const state = await cartStub(c).checkoutState();
  return state.locked ? (state.idempotencyKey ?? undefined) : undefined;
}

checkoutPagesRoutes.get("/checkout", async (c) => {
  const open = await reconcileCartHold(c);
  // An order whose payment started is followed on its own page; one not yet paid for is retried here.
  if (open?.order?.payment) return c.redirect(orderPath(open.order), 303);
  if (open) return renderCheckout(c, {}, { form: CHECKOUT_OPEN }, 200, open.idempotencyKey);
  return renderCheckout(c);
});

checkoutPagesRoutes.post("/checkout", async (c) => {
  const form = readCheckoutForm(await formFields(c));
  const key = idempotencyKeySchema.safeParse(form.idempotencyKey);
  if (!key.success) return renderCheckout(c, form, { form: "The form had expired. Please check your details and place the order again." }, 400);
  // A flash-sale "Buy now" left its reservation in a cookie: the order gets the sale price.
  const reservation = pendingReservation(c);
  const body = formToBody(form) as Record<string, unknown>;
  const parsed = checkoutBodySchema.safeParse(reservation ? { ...body, flashSaleReservation: reservation } : body);
  if (!parsed.success) return renderCheckout(c, form, issuesToErrors(zodIssues(parsed.error.issues)), 400);
  try {
    const placed = await placeCheckout(c, key.data, parsed.data, { promotionCode: form.promoCode.trim() || undefined });
    const order = placed.body.order;
    if (reservation) forgetReservation(c);
    if (checkoutDeclined(order.status)) throw paymentDeclined(placed.body);
    return c.redirect(orderPath(order), 303);
  } catch (err) {
    const errors = refusalErrors(err);
    if (!errors || !(err instanceof AppError)) throw err;
    return renderCheckout(c, form, errors, err.status as ContentfulStatusCode, (await heldKey(c)) ?? crypto.randomUUID());
  }
});

checkoutPagesRoutes.get("/orders", async (c) => c.html(<OrdersPage orders={await listOrders(c)} session={c.get("session")} />));

async function ownOrder(c: Context<EdgeEnv>): Promise<Order> {
  const { id } = parse(orderIdParamSchema, c.req.param());
  const order = await findOrder(c, id);
  if (!order) throw orderNotFound(id);
  return order;
}

checkoutPagesRoutes.get("/orders/:id", async (c) => {
  const order = await ownOrder(c);
  await settleCartHold(c, order);
  return c.html(<OrderPage order={order} session={c.get("session")} />);
});

checkoutPagesRoutes.get("/orders/:id/confirm-payment", async (c) => {
  const order = await ownOrder(c);
  if (orderPath(order) !== `/orders/${order.id}/confirm-payment`) return c.redirect(`/orders/${order.id}`, 303);
  return c.html(<ConfirmPaymentPage order={order} session={c.get("session")} />);
});

const confirmFormSchema = z.object({ action: z.enum(["confirm", "cancel"], { error: "choose confirm or cancel" }) });

checkoutPagesRoutes.post("/orders/:id/confirm-payment", async (c) => {
  const order = await ownOrder(c);
  const parsed = confirmFormSchema.safeParse(await formFields(c));
  if (!parsed.success) return c.html(<ConfirmPaymentPage order={order} session={c.get("session")} error="Please choose to confirm or cancel the payment." />, 400);
  try {
    const after = await confirmOrderPayment(c, order.id, parsed.data.action);
    await settleCartHold(c, after);
    return c.redirect(`/orders/${after.id}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return c.html(<ConfirmPaymentPage order={order} session={c.get("session")} error={err.message} />, err.status as ContentfulStatusCode);
  }
});

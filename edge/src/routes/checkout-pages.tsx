import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { AppError } from "../../../domain/errors.ts";
import { parse } from "../../../platform/http.ts";
import { idempotencyKeySchema, type Order } from "../../../regional-services/orders/contract.ts";
import { sameOriginWrites } from "../account/same-origin.ts";
import { currentCart } from "../cart/actions.ts";
import { formFields } from "../cart/forms.ts";
import { reconcileCartHold, settleCartHold } from "../checkout/cart-hold.ts";
import { CheckoutPage } from "../checkout/checkout-page.tsx";
import { issuesToErrors, refusalErrors, zodIssues, type CheckoutFieldErrors } from "../checkout/form-errors.ts";
import { ConfirmPaymentPage, OrderPage, OrdersPage } from "../checkout/order-pages.tsx";
import { confirmOrderPayment, findOrder, listOrders, orderNotFound } from "../checkout/orders-api.ts";
import { paymentDeclined, placeCheckout } from "../checkout/place-checkout.ts";
import { checkoutBodySchema, formToBody, orderIdParamSchema, readCheckoutForm, type CheckoutForm } from "../checkout/schemas.ts";
import { preferredCurrency } from "../pages/currency.ts";
import { pageErrors } from "../pages/render.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * Checkout and order pages: GET/POST /checkout, /orders, /orders/:id and the extra payment step
 * at /orders/:id/confirm-payment. Success answers 303 (a reload never re-posts); a refusal draws
 * the form again with each message beside its field and a fresh idempotency key.
 */
export const checkoutPagesRoutes = new Hono<EdgeEnv>();
checkoutPagesRoutes.onError(pageErrors);
checkoutPagesRoutes.use("/checkout", sameOriginWrites());
checkoutPagesRoutes.use("/orders/*", sameOriginWrites());
for (const path of ["/checkout", "/orders", "/orders/*"]) {
  checkoutPagesRoutes.use(path, async (c, next) => {
    await next();
    c.header("cache-control", "private, no-store");
  });
}

async function renderCheckout(c: Context<EdgeEnv>, values: Partial<CheckoutForm> = {}, errors: CheckoutFieldErrors = {}, status: ContentfulStatusCode = 200) {
  const cart = await currentCart(c, preferredCurrency(c));
  if (cart.lines.length === 0 && !errors.form) return c.redirect("/cart", 303);
  const session = c.get("session");
  const address = cart.shippingAddress;
  const prefilled: Partial<CheckoutForm> = {
    email: cart.email ?? session.email ?? "",
    ...(address ? { ...address, line2: address.line2 ?? "", region: address.region ?? "" } : {}),
    ...values,
  };
  return c.html(<CheckoutPage cart={cart} session={session} idempotencyKey={crypto.randomUUID()} values={prefilled} errors={errors} />, status);
}

const orderPath = (order: Order) => (order.status === "pending_payment" && order.payment?.status === "requires_action" ? `/orders/${order.id}/confirm-payment` : `/orders/${order.id}`);

checkoutPagesRoutes.get("/checkout", async (c) => {
  const waiting = await reconcileCartHold(c);
  if (waiting) return c.redirect(orderPath(waiting), 303);
  return renderCheckout(c);
});

checkoutPagesRoutes.post("/checkout", async (c) => {
  const form = readCheckoutForm(await formFields(c));
  const key = idempotencyKeySchema.safeParse(form.idempotencyKey);
  if (!key.success) return renderCheckout(c, form, { form: "The form had expired. Please check your details and place the order again." }, 400);
  const parsed = checkoutBodySchema.safeParse(formToBody(form));
  if (!parsed.success) return renderCheckout(c, form, issuesToErrors(zodIssues(parsed.error.issues)), 400);
  try {
    const placed = await placeCheckout(c, key.data, parsed.data, { promotionCode: form.promoCode.trim() || undefined });
    const order = placed.body.order;
    if (order.status === "payment_failed" || order.status === "cancelled") throw paymentDeclined(placed.body);
    return c.redirect(orderPath(order), 303);
  } catch (err) {
    const errors = refusalErrors(err);
    if (!errors || !(err instanceof AppError)) throw err;
    return renderCheckout(c, form, errors, err.status as ContentfulStatusCode);
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

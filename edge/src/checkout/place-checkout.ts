import type { Context } from "hono";
import { AppError } from "../../../domain/errors.ts";
import { log } from "../../../platform/log.ts";
import type { CheckoutRequest, CheckoutResponse, Order } from "../../../regional-services/orders/contract.ts";
import { cartStub } from "../cart/actions.ts";
import { cartFailureError, unwrap } from "../cart/failures.ts";
import { lookupVariants } from "../cart/variants.ts";
import { expireCatalogVersions } from "../catalog/version.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";
import { releaseCartHold, settleCartHold } from "./cart-hold.ts";
import { findOrder, ownerOf, submitCheckout, type PlacedCheckout } from "./orders-api.ts";
import type { CheckoutInput } from "./schemas.ts";
import { tokenizeCard } from "./tokenize.ts";

/**
 * Checkout at the edge, as a sequence of small steps: hold the cart (its snapshot is what gets
 * ordered), tokenise the card, have the orders service place and pay the order, then settle the
 * cart by the outcome. Sending the same Idempotency-Key again replays the whole sequence and
 * lands on the same order: the cart returns the same snapshot, the orders service the same order.
 */
export interface CheckoutOptions {
  /** A code typed on the checkout form, applied to the cart before it is held. */
  promotionCode?: string | undefined;
}

/** A failed or cancelled payment as the 402 the API answers, pointing at the card field. */
export function paymentDeclined(answer: CheckoutResponse): AppError {
  const reason = answer.order.payment?.failureReason ?? "payment_failed";
  const message = reason === "card_declined" ? "your card was declined; try another card" : `the payment did not go through (${reason.replaceAll("_", " ")})`;
  return new AppError("PAYMENT_FAILED", 402, message, { orderId: answer.order.id, reason, field: "payment.card" });
}

/** Copies the shopper's details into the cart first, so its totals (tax by country) match the order's. */
async function prepareCart(c: Context<EdgeEnv>, input: CheckoutInput, options: CheckoutOptions): Promise<void> {
  const stub = cartStub(c);
  if ((await stub.checkoutState()).locked) return;
  if (options.promotionCode) {
    const cart = await stub.view();
    const code = options.promotionCode.trim().toUpperCase();
    if (!cart.promotions.some((p) => p.code === code)) unwrap(await stub.applyPromotion(code));
  }
  unwrap(await stub.setEmail(input.email));
  unwrap(await stub.setShippingAddress(input.shippingAddress));
}

const STALE_CART = ["PRICE_CHANGED", "UNAVAILABLE", "OUT_OF_STOCK"];

/**
 * The orders service knew better than the cart: re-check the cart against the catalog now
 * rather than at its next scheduled check, so the shopper sees the current prices straight away.
 */
async function refreshCartPrices(c: Context<EdgeEnv>): Promise<void> {
  const stub = cartStub(c);
  try {
    const cart = await stub.view();
    // The orders service has seen a newer catalog than this isolate's cached version.
    expireCatalogVersions();
    await stub.refreshPrices(await lookupVariants(c, cart.lines.map((l) => l.variantId), cart.currency));
  } catch (err) {
    log("warn", "cart price refresh after checkout failed", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * A repeat that arrives after the first request already emptied the cart finds no hold to
 * resume; the cart remembers its last order, and if that order came from this key, it is the answer.
 */
async function placedEarlier(c: Context<EdgeEnv>, idempotencyKey: string): Promise<Order | undefined> {
  const { lastOrderId } = await cartStub(c).checkoutState();
  if (!lastOrderId) return undefined;
  const order = await findOrder(c, lastOrderId);
  return order?.idempotencyKey === idempotencyKey ? order : undefined;
}

/** What checkout answers for an order: the extra step, when its payment is waiting for one. */
export function checkoutAnswer(order: Order): CheckoutResponse {
  const payment = order.payment;
  return order.status === "pending_payment" && payment?.status === "requires_action" ? { order, nextAction: { type: "confirm_payment", paymentId: payment.id } } : { order };
}

/** Checks out the session's cart under `idempotencyKey` and settles the cart by the outcome. */
export async function placeCheckout(c: Context<EdgeEnv>, idempotencyKey: string, input: CheckoutInput, options: CheckoutOptions = {}): Promise<PlacedCheckout> {
  await prepareCart(c, input, options);
  const stub = cartStub(c);
  const begun = await stub.beginCheckout(idempotencyKey);
  if (!begun.ok) {
    const replay = await placedEarlier(c, idempotencyKey);
    if (replay) return { status: 200, body: checkoutAnswer(replay) };
    throw cartFailureError(begun);
  }
  const { snapshot } = begun;
  let placed: PlacedCheckout;
  try {
    const { token } = await tokenizeCard(c, input.payment);
    const request: CheckoutRequest = {
      cartId: cartIdFor(c.get("session")),
      owner: ownerOf(c),
      currency: snapshot.currency,
      email: input.email,
      shippingAddress: input.shippingAddress,
      lines: snapshot.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPrice: l.unitPrice })),
      promotionCodes: snapshot.promotionCodes,
      paymentToken: token,
    };
    placed = await submitCheckout(c, idempotencyKey, request);
  } catch (err) {
    // Nothing was bought: the cart goes back to the shopper as it was, to fix and try again.
    await releaseCartHold(c);
    if (err instanceof AppError && STALE_CART.includes(err.code)) await refreshCartPrices(c);
    throw err;
  }
  const outcome = await settleCartHold(c, placed.body.order);
  log("info", "checkout", { requestId: c.get("requestId"), orderId: placed.body.order.id, status: placed.body.order.status, cart: outcome });
  return placed;
}

import type { Context } from "hono";
import type { CheckoutSnapshot } from "../../../durable-objects/src/cart-results.ts";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import type { CheckoutRequest, CheckoutResponse, Order } from "../../../contracts/orders/api.ts";
import { checkoutAnswer } from "../../../domain/order-state.ts";
import { applyCode, cartStub, setEmail, setShippingAddress } from "../cart/actions.ts";
import { normalizeCode } from "../../../domain/promotions/codes.ts";
import { cartFailureError } from "../cart/failures.ts";
import { lookupVariants } from "../cart/variants.ts";
import { expireCatalogVersions } from "../catalog/version.ts";
import { cartIdFor } from "../middleware/session.ts";
import type { EdgeEnv } from "../types.ts";
import { reconcileCartHold, releaseCartHold, settleCartHold } from "./cart-hold.ts";
import { findOrder, ownerOf, submitCheckout, type PlacedCheckout } from "./orders-api.ts";
import type { CheckoutInput } from "../../../contracts/storefront/checkout-requests.ts";
import { tokenizeCard } from "./tokenize.ts";
import { Timings } from "../../../platform/server-timing.ts";
import { readReservation, settleAfterCheckout, withReservation } from "../flash-sales/checkout.ts";

/**
 * Checkout at the edge, as a sequence of small steps: tokenise the card, hold the cart (its
 * snapshot is what gets ordered), have the orders service place and pay the order, then settle
 * the cart by the outcome. Sending the same Idempotency-Key again replays the whole sequence and
 * lands on the same order: the cart returns the same snapshot, the orders service the same order.
 */
export interface CheckoutOptions {
  /** A code typed on the checkout form, applied to the cart before it is held. */
  promotionCode?: string | undefined;
  /** Where each step's time is added (the route sends it as Server-Timing outside production). */
  timings?: Timings | undefined;
}

/** A failed or cancelled payment as the 402 the API answers, pointing at the card field. */
export function paymentDeclined(answer: CheckoutResponse): AppError {
  const reason = answer.order.payment?.failureReason ?? "payment_failed";
  const message = reason === "card_declined" ? "your card was declined; try another card" : `the payment did not go through (${reason.replaceAll("_", " ")})`;
  return new AppError("PAYMENT_FAILED", message, { orderId: answer.order.id, reason, field: "payment.card" });
}

/** Copies the shopper's details into the cart first, so its totals (tax by country) match the order's. */
async function prepareCart(c: Context<EdgeEnv>, input: CheckoutInput, options: CheckoutOptions): Promise<void> {
  if (options.promotionCode) {
    const cart = await cartStub(c).view();
    const code = normalizeCode(options.promotionCode);
    if (!cart.promotions.some((p) => p.code === code)) await applyCode(c, code);
  }
  // These pass the promotion snapshot the edge has now, so the held cart's preview uses it.
  await setEmail(c, input.email);
  await setShippingAddress(c, input.shippingAddress);
}

const STALE_CART = ["PRICE_CHANGED", "UNAVAILABLE", "OUT_OF_STOCK"];

/**
 * Orders found promotions the cart showed used up (TOTAL_CHANGED names them by id, a refused code
 * by code): the cart previews without them for a while and says why, so the shopper's next
 * checkout is priced as the cart shows. A failure here only costs the notice.
 */
async function noteUsedUpPromotions(c: Context<EdgeEnv>, err: AppError): Promise<void> {
  const found = (err.details as { promotions?: unknown } | undefined)?.promotions;
  if (!Array.isArray(found) || found.length === 0) return;
  try {
    await cartStub(c).notePromotionsUsedUp(found);
  } catch (noteErr) {
    log("warn", "could not note used-up promotions on the cart", { requestId: c.get("requestId"), error: noteErr instanceof Error ? noteErr.message : String(noteErr) });
  }
}

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


/**
 * Orders said no to this very request, so nothing was bought under its key and the hold can go.
 * A 5xx, a timeout or an unreadable answer says nothing of the kind: the order may be placed and
 * even paid, so the hold stays for a retry with the same key.
 */
function definiteRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.status >= 400 && err.status < 500;
}

/**
 * The order request for the hold. Everything in it comes from the snapshot the hold froze, so a
 * retry under the same key asks for exactly the same order, whatever the form says by then; only
 * the card token is new (orders pays with the first attempt's).
 */
function orderRequest(c: Context<EdgeEnv>, snapshot: CheckoutSnapshot, input: CheckoutInput, paymentToken: string): CheckoutRequest {
  const address = snapshot.shippingAddress ? { ...snapshot.shippingAddress, line2: snapshot.shippingAddress.line2, region: snapshot.shippingAddress.region } : input.shippingAddress;
  return {
    cartId: cartIdFor(c.get("session")),
    owner: ownerOf(c),
    currency: snapshot.currency,
    email: snapshot.email ?? input.email,
    shippingAddress: address,
    lines: snapshot.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPrice: l.unitPrice })),
    promotionCodes: snapshot.promotionCodes,
    paymentToken,
    // What the cart showed: orders refuses (TOTAL_CHANGED) rather than charge another amount. A
    // hold frozen before the cart knew its address (begun in another tab) showed no tax yet, so its
    // total is not the one the shopper is asked to pay; the lines' prices still are checked.
    ...(snapshot.shippingAddress ? { expectedTotal: snapshot.total } : {}),
  };
}

/**
 * Checks out the session's cart under `idempotencyKey` and settles the cart by the outcome. The
 * card is tokenised before the cart is held, so a refused card never touches a hold.
 */
export async function placeCheckout(c: Context<EdgeEnv>, idempotencyKey: string, input: CheckoutInput, options: CheckoutOptions = {}): Promise<PlacedCheckout> {
  const stub = cartStub(c);
  const timings = options.timings ?? new Timings();
  const sale = await timings.time("cart-prepare", async () => {
    // A lapsed hold's order may have been paid late: settle it before the cart changes and forgets it.
    const state = await stub.checkoutState();
    // The reservation the shopper brings, else the one the cart was told of and prices a line with.
    const reserved = await readReservation(c, input.flashSaleReservation ?? state.saleReservation);
    if (state.lapsed) await reconcileCartHold(c);
    // A held cart is resumed exactly as it was frozen.
    if (!state.locked) await prepareCart(c, input, options);
    return reserved;
  });
  const { token } = await timings.time("tokenize", () => tokenizeCard(c, input.payment));
  const begun = await timings.time("cart-hold", async () => await stub.beginCheckout(idempotencyKey));
  if (!begun.ok) {
    const replay = await placedEarlier(c, idempotencyKey);
    if (replay) return { status: 200, body: checkoutAnswer(replay) };
    throw cartFailureError(begun);
  }
  let placed: PlacedCheckout;
  try {
    placed = await timings.time("orders", () => submitCheckout(c, idempotencyKey, withReservation(orderRequest(c, begun.snapshot, input, token), sale), timings));
  } catch (err) {
    if (!definiteRefusal(err)) {
      log("warn", "checkout outcome unknown; the cart stays held for a retry with the same key", { requestId: c.get("requestId"), error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    // Nothing was bought: the cart goes back to the shopper as it was, to fix and try again.
    await releaseCartHold(c, idempotencyKey);
    await settleAfterCheckout(c, sale);
    if (STALE_CART.includes(err.code)) await refreshCartPrices(c);
    if (err.code === "TOTAL_CHANGED" || err.code === "PROMOTION_NOT_APPLICABLE") await noteUsedUpPromotions(c, err);
    throw err;
  }
  const outcome = await timings.time("cart-settle", () => settleCartHold(c, placed.body.order));
  await settleAfterCheckout(c, sale);
  log("info", "checkout", { requestId: c.get("requestId"), orderId: placed.body.order.id, status: placed.body.order.status, cart: outcome });
  return placed;
}

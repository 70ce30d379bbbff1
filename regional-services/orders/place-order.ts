import { randomBytes } from "node:crypto";
import { inArray } from "drizzle-orm";
import { repriceLines, unitsByVariant, type Offer } from "../../domain/checkout.ts";
import { AppError } from "../../platform/errors.ts";
import { appendEvents } from "../shared/outbox.ts";
import type { CheckoutRequest } from "../../contracts/orders/api.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { ORDER_CREATED, type OrderCreated } from "../../contracts/orders/events.ts";
import { reserveUnits, stockEvents } from "./inventory.ts";
import { publishFallenStock } from "./stock-low.ts";
import { checkFlashSaleReservations, recordReservations, withSalePrices, type FlashSaleCheckout } from "./flash-sale-checkout.ts";
import { orderRowByKey } from "./order-store.ts";
import { priceWithPromotions } from "./promotion-checkout.ts";
import { recordRedemptions } from "./promotion-redemptions.ts";
import { offers, orderLines, orders, orderStatusHistory } from "./schema.ts";
import { Timings } from "../../platform/server-timing.ts";

/**
 * Checkout's one transaction: re-price, apply promotions and take their uses, reserve stock and
 * write the order with its lines, history and events. Either all of it commits or none of it
 * does, so a refused checkout leaves no order, no reserved unit and no promotion use behind.
 */
export type Placed = { created: true; orderId: string } | { created: false; orderId: string; fingerprint: string };

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** "ord_" and 24 random base62 characters: unguessable, URL-safe, and accepted by payments as an id. */
export function newOrderId(): string {
  return `ord_${[...randomBytes(24)].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

async function loadOffers(tx: OrdersTx, variantIds: readonly string[]): Promise<Map<string, Offer & { categorySlugs: string[] }>> {
  const rows = await tx.select().from(offers).where(inArray(offers.variantId, [...new Set(variantIds)]));
  return new Map(rows.map((r) => [r.variantId, { ...r, prices: r.prices }]));
}

/** Another request with the same key placed its order first: roll back what this one took. */
class LostTheRace extends Error {}

/** Prices the request authoritatively and takes its promotions' uses, or throws the 409 the shopper must resolve. */
async function price(tx: OrdersTx, request: CheckoutRequest, orderId: string, sale: FlashSaleCheckout) {
  // A line bought through a flash-sale reservation is priced at the sale price.
  const offerMap = withSalePrices(await loadOffers(tx, request.lines.map((l) => l.variantId)), sale.prices, request.currency);
  const repriced = repriceLines(request.lines, offerMap, request.currency);
  if (!repriced.ok) {
    if (repriced.code === "UNAVAILABLE") throw new AppError(repriced.code, repriced.message, { variantIds: repriced.variantIds });
    throw new AppError(repriced.code, repriced.message, { changes: repriced.changes });
  }
  return priceWithPromotions(tx, request, orderId, repriced.lines, offerMap, new Date());
}

/**
 * Places the order for `idempotencyKey`, or finds the one already placed for it. Two requests
 * with one key race on the UNIQUE index: the loser's insert waits for the winner's commit and
 * then inserts nothing, rolls back the promotion uses it took, and reports the winner's order.
 */
export async function placeOrder(
  db: OrdersDb,
  input: { idempotencyKey: string; fingerprint: string; request: CheckoutRequest; reservationSecrets?: readonly string[]; timings?: Timings | undefined },
): Promise<Placed> {
  const { request, idempotencyKey } = input;
  const timings = input.timings ?? new Timings();
  try {
    return await db.transaction(async (tx): Promise<Placed> => {
      const existing = await orderRowByKey(tx, idempotencyKey);
      if (existing) return { created: false, orderId: existing.id, fingerprint: existing.fingerprint };
      const id = newOrderId();
      // Promotion rows are taken before stock rows, the order releasing an order uses too (no deadlocks).
      const { sale, pricing } = await timings.time("tx-price", async () => {
        const sale = await checkFlashSaleReservations(tx, request, input.reservationSecrets ?? []);
        return { sale, pricing: await price(tx, request, id, sale) };
      });
      const { totals } = pricing;
      const inserted = await tx
        .insert(orders)
        .values({
          id,
          idempotencyKey,
          fingerprint: input.fingerprint,
          cartId: request.cartId,
          sessionId: request.owner.sessionId,
          customerId: request.owner.customerId ?? null,
          email: request.email,
          shippingAddress: request.shippingAddress,
          currency: request.currency,
          subtotal: totals.subtotal,
          discountTotal: totals.discountTotal,
          shippingTotal: totals.shippingTotal,
          taxTotal: totals.taxTotal,
          total: totals.total,
          promotions: pricing.promotions,
          status: "pending_payment",
          paymentToken: request.paymentToken,
        })
        .onConflictDoNothing({ target: orders.idempotencyKey })
        .returning({ id: orders.id });
      if (inserted.length === 0) throw new LostTheRace();
      await recordRedemptions(tx, pricing.redemptions, pricing.redemptionContext);
      await tx.insert(orderLines).values(pricing.lines.map((line, position) => ({ orderId: id, position, ...line })));
      await tx.insert(orderStatusHistory).values({ orderId: id, fromStatus: null, toStatus: "pending_payment", event: "checkout", note: null });
      await recordReservations(tx, sale, id);
      const reservation = await timings.time("tx-stock", () => reserveUnits(tx, unitsByVariant(request.lines)));
      if (!reservation.ok) {
        throw new AppError("OUT_OF_STOCK", "some items do not have enough stock left", { variantIds: reservation.variantIds });
      }
      const created: OrderCreated = {
        orderId: id,
        customerId: request.owner.customerId ?? null,
        currency: request.currency,
        total: totals.total,
        lines: pricing.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPrice: l.unitPrice })),
      };
      // One statement for the order's event and the new stock levels.
      await timings.time("tx-outbox", () => appendEvents(tx, [{ type: ORDER_CREATED, subject: id, payload: created }, ...stockEvents(reservation.levels)]));
      await publishFallenStock(tx, reservation.levels);
      return { created: true, orderId: id };
    });
  } catch (err) {
    if (!(err instanceof LostTheRace)) throw err;
  }
  // Lost the race on the key: the winner has committed by now (our insert waited for it).
  const winner = await orderRowByKey(db, idempotencyKey);
  if (!winner) throw new Error(`order for idempotency key ${idempotencyKey} vanished`);
  return { created: false, orderId: winner.id, fingerprint: winner.fingerprint };
}

import { createHash, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { ORDER_FULFILLED, type OrderFulfilled } from "../../contracts/orders/events.ts";
import type { FulfilRequest } from "../../contracts/orders/merchant-api.ts";
import { isFullyShipped, planFulfilment } from "../../domain/fulfilment.ts";
import { acceptsShipments, isOrderStatus, transition } from "../../domain/order-state.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { fulfilmentLines, fulfilments, orderLines, orderStatusHistory } from "./schema.ts";
import { orderedUnits, shippedUnits } from "./shipments.ts";
import { applyOrderEvent, lockOrder, orderStateConflict } from "./transitions.ts";

/**
 * The merchant's shipping operations. Each runs in one transaction under the order's row lock (the
 * lock every status change takes), so two shipments of the same order queue and the second sees
 * what the first shipped; the event and the status history are written in the same transaction.
 */
export type Fulfilled = { fulfilmentId: string; created: boolean };

async function lockedOrder(tx: OrdersTx, orderId: string) {
  const row = await lockOrder(tx, orderId);
  if (!row) throw notFound(`no order ${orderId}`);
  if (!isOrderStatus(row.status)) throw new Error(`order ${orderId} has unknown status ${row.status}`);
  return { ...row, status: row.status };
}

/** What a shipment request is, for telling a repeat under its key from another shipment. */
function fingerprintOf(request: FulfilRequest): string {
  return createHash("sha256").update(JSON.stringify([request.carrier, request.trackingNumber, request.lines ?? null])).digest("hex");
}

/**
 * Ships `request.lines` (everything left when omitted) of a paid order. With `idempotencyKey`, a
 * repeat of the same request answers the first shipment and ships nothing; the same key for a
 * different shipment is refused.
 */
export async function fulfilOrder(db: OrdersDb, orderId: string, request: FulfilRequest, idempotencyKey: string | undefined, by: string): Promise<Fulfilled> {
  const fingerprint = fingerprintOf(request);
  return db.transaction(async (tx) => {
    const order = await lockedOrder(tx, orderId);
    if (idempotencyKey !== undefined) {
      const [earlier] = await tx
        .select({ id: fulfilments.id, fingerprint: fulfilments.fingerprint })
        .from(fulfilments)
        .where(and(eq(fulfilments.orderId, orderId), eq(fulfilments.idempotencyKey, idempotencyKey)));
      if (earlier && earlier.fingerprint === fingerprint) return { fulfilmentId: earlier.id, created: false };
      if (earlier) throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different shipment of this order");
    }
    if (!acceptsShipments(order.status)) {
      throw orderStateConflict(order.status === "fulfilled" || order.status === "delivered" ? `order ${orderId} has shipped entirely` : `order ${orderId} is ${order.status.replaceAll("_", " ")}: only paid orders ship`);
    }
    const [ordered, shipped] = await Promise.all([orderedUnits(tx, orderId), shippedUnits(tx, orderId)]);
    const plan = planFulfilment(ordered, shipped, request.lines);
    if (!plan.ok && plan.reason === "nothing_left") throw orderStateConflict(`every unit of order ${orderId} has shipped already`);
    if (!plan.ok) throw new AppError("VALIDATION_FAILED", plan.problems.map((p) => `${p.path}: ${p.message}`).join("; "), { issues: plan.problems });

    const fulfilmentId = `ful_${randomUUID().replaceAll("-", "")}`;
    await tx.insert(fulfilments).values({ id: fulfilmentId, orderId, carrier: request.carrier, trackingNumber: request.trackingNumber, idempotencyKey: idempotencyKey ?? null, fingerprint, createdBy: by });
    await tx.insert(fulfilmentLines).values(plan.lines.map((l) => ({ fulfilmentId, orderId, position: l.position, quantity: l.quantity })));
    const units = plan.lines.reduce((n, l) => n + l.quantity, 0);
    const note = `${plan.complete ? "shipped the rest" : "shipped part"}: ${units} unit${units === 1 ? "" : "s"} with ${request.carrier} ${request.trackingNumber}, by ${by}`;
    // The last shipment moves the order (and writes its history row); an earlier one records itself.
    if (plan.complete) await applyOrderEvent(tx, orderId, "fulfil", note);
    else await tx.insert(orderStatusHistory).values({ orderId, fromStatus: order.status, toStatus: order.status, event: "fulfil", note });

    const variants = new Map((await tx.select({ position: orderLines.position, variantId: orderLines.variantId }).from(orderLines).where(eq(orderLines.orderId, orderId))).map((l) => [l.position, l.variantId]));
    const payload: OrderFulfilled = {
      orderId,
      fulfilmentId,
      carrier: request.carrier,
      trackingNumber: request.trackingNumber,
      lines: plan.lines.map((l) => ({ position: l.position, variantId: variants.get(l.position) ?? "", quantity: l.quantity })),
      complete: plan.complete,
    };
    await appendEvent(tx, ORDER_FULFILLED, orderId, payload);
    return { fulfilmentId, created: true };
  });
}

/**
 * Marks an order delivered once every unit has shipped. A partially refunded order's status does
 * not say whether it was delivered already: its shipments do (each gets the delivery time), so a
 * repeat changes nothing either way.
 */
export async function deliverOrder(db: OrdersDb, orderId: string, by: string): Promise<void> {
  await db.transaction(async (tx) => {
    const order = await lockedOrder(tx, orderId);
    if (order.status === "delivered") return;
    const [ordered, shipped] = await Promise.all([orderedUnits(tx, orderId), shippedUnits(tx, orderId)]);
    if (!isFullyShipped(ordered, shipped)) throw orderStateConflict(`order ${orderId} has units not yet shipped`);
    if (!transition(order.status, "deliver").ok) throw orderStateConflict(`order ${orderId} is ${order.status.replaceAll("_", " ")} and cannot be delivered`);
    const undelivered = await tx
      .update(fulfilments)
      .set({ deliveredAt: new Date() })
      .where(and(eq(fulfilments.orderId, orderId), isNull(fulfilments.deliveredAt)))
      .returning({ id: fulfilments.id });
    if (undelivered.length === 0) return;
    await applyOrderEvent(tx, orderId, "deliver", `marked delivered by ${by}`);
  });
}

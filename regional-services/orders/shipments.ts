import { asc, eq } from "drizzle-orm";
import type { Order } from "../../contracts/orders/api.ts";
import type { Shipment } from "../../contracts/orders/shipment.ts";
import type { LineUnits } from "../../domain/fulfilment.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { fulfilmentLines, fulfilments, orderLines } from "./schema.ts";

/** An order's shipments as the merchant and the shopper see them, and the units shipped per line. */
type Reader = Pick<OrdersDb | OrdersTx, "select">;

/** Every unit shipped so far, one entry per shipment and line (for domain/fulfilment.ts). */
export async function shippedUnits(db: Reader, orderId: string): Promise<LineUnits[]> {
  return db.select({ position: fulfilmentLines.position, quantity: fulfilmentLines.quantity }).from(fulfilmentLines).where(eq(fulfilmentLines.orderId, orderId));
}

/** The order's lines as units, by position. */
export async function orderedUnits(db: Reader, orderId: string): Promise<LineUnits[]> {
  return db.select({ position: orderLines.position, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
}

/** The order's shipments, oldest first, each with its lines' titles. */
export async function shipmentsOf(db: Reader, orderId: string, lines: readonly { position: number; title: string; sku: string }[]): Promise<Shipment[]> {
  const [rows, units] = await Promise.all([
    db.select().from(fulfilments).where(eq(fulfilments.orderId, orderId)).orderBy(asc(fulfilments.createdAt), asc(fulfilments.id)),
    db.select().from(fulfilmentLines).where(eq(fulfilmentLines.orderId, orderId)).orderBy(asc(fulfilmentLines.position)),
  ]);
  const line = new Map(lines.map((l) => [l.position, l]));
  return rows.map((f) => ({
    id: f.id,
    carrier: f.carrier,
    trackingNumber: f.trackingNumber,
    lines: units
      .filter((u) => u.fulfilmentId === f.id)
      .map((u) => ({ position: u.position, title: line.get(u.position)?.title ?? "", sku: line.get(u.position)?.sku ?? "", quantity: u.quantity })),
    createdAt: f.createdAt.toISOString(),
    deliveredAt: f.deliveredAt?.toISOString() ?? null,
  }));
}

/** `order` with its shipments, for the shopper's one-order read (lines are in position order from 0, as checkout numbers them). */
export async function withShipments(db: Reader, order: Order): Promise<Order> {
  return { ...order, shipments: await shipmentsOf(db, order.id, order.lines.map((l, position) => ({ position, title: l.title, sku: l.sku }))) };
}

import { and, desc, eq, getTableColumns, isNull, or, sql } from "drizzle-orm";
import { isCurrency } from "../../domain/money.ts";
import { isOrderStatus } from "../../domain/order-state.ts";
import type { Order, Owner } from "../../contracts/orders/api.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { orderLines, orders } from "./schema.ts";

/** Reads orders and shapes them as the API answers them. */
export type OrderRow = typeof orders.$inferSelect;
type LineRow = typeof orderLines.$inferSelect;
type Reader = Pick<OrdersDb | OrdersTx, "select">;

export const MAX_LISTED_ORDERS = 100;

/** An order row and its lines as the API answers them; never the payment token or fingerprint. */
export function toOrder(row: OrderRow, lines: readonly LineRow[]): Order {
  if (!isOrderStatus(row.status) || !isCurrency(row.currency)) throw new Error(`order ${row.id} has an unknown status or currency`);
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  return {
    id: row.id,
    status: row.status,
    idempotencyKey: row.idempotencyKey,
    currency: row.currency,
    email: row.email,
    shippingAddress: { ...row.shippingAddress, line2: row.shippingAddress.line2 ?? undefined, region: row.shippingAddress.region ?? undefined },
    lines: sorted.map(({ orderId: _orderId, position: _position, ...line }) => line),
    promotions: row.promotions,
    subtotal: row.subtotal,
    discountTotal: row.discountTotal,
    shippingTotal: row.shippingTotal,
    taxTotal: row.taxTotal,
    total: row.total,
    itemCount: sorted.reduce((n, l) => n + l.quantity, 0),
    payment:
      row.paymentId === null
        ? null
        : { id: row.paymentId, status: row.paymentStatus ?? "processing", brand: row.paymentBrand, last4: row.paymentLast4, failureReason: row.paymentFailureReason },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The raw order row, whoever owns it (for the service's own use, never answered as is). */
export async function orderRow(db: Reader, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** The order a checkout key made, if any. */
export async function orderRowByKey(db: Reader, idempotencyKey: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.idempotencyKey, idempotencyKey));
  return row;
}

/**
 * An order's lines as one JSON array beside its row, so an order and its lines are one statement
 * (a checkout reads its order back after paying; every order page reads one). The keys are the
 * line table's own field names, taken from the schema, and every field is text or an integer,
 * which JSON carries unchanged.
 */
const LINES_OF_ORDER = sql<LineRow[]>`coalesce((select json_agg(json_build_object(${sql.raw(
  Object.entries(getTableColumns(orderLines))
    .map(([field, column]) => `'${field}', l."${column.name}"`)
    .join(", "),
)}) order by l."position") from ${orderLines} l where l."order_id" = ${orders.id}), '[]'::json)`;

const selectOrdersWithLines = (db: Reader) => db.select({ row: getTableColumns(orders), lines: LINES_OF_ORDER }).from(orders);

type RowWithLines = { row: OrderRow; lines: LineRow[] };
const shaped = ({ row, lines }: RowWithLines) => toOrder(row, lines);

/** An order with its lines, whoever owns it. */
export async function loadOrder(db: Reader, id: string): Promise<Order | undefined> {
  const [found] = await selectOrdersWithLines(db).where(eq(orders.id, id));
  return found ? shaped(found) : undefined;
}

/**
 * A guest owns the orders their session placed as a guest. A signed-in shopper owns the orders
 * placed under their customer id, and also their own session's guest orders: those are adopted
 * at sign-in, but until that has succeeded (or for a guest checkout that completed just after)
 * they must not vanish. Anyone else is told the order does not exist.
 */
function ownedBy(owner: Owner) {
  const guestOrders = and(eq(orders.sessionId, owner.sessionId), isNull(orders.customerId));
  return owner.customerId ? or(eq(orders.customerId, owner.customerId), guestOrders) : guestOrders;
}

/** Whether `owner` may see the order (see ownedBy). */
export function isOwner(row: Pick<OrderRow, "customerId" | "sessionId">, owner: Owner): boolean {
  const sessionGuestOrder = row.customerId === null && row.sessionId === owner.sessionId;
  return owner.customerId ? row.customerId === owner.customerId || sessionGuestOrder : sessionGuestOrder;
}

/**
 * The session's guest orders become `customerId`'s (sign-in): they then follow the customer to
 * every device. Orders already adopted, or placed by a customer, are left alone, so sending the
 * same adoption again changes nothing. Returns how many orders changed hands.
 */
export async function adoptGuestOrders(db: Pick<OrdersDb, "update">, sessionId: string, customerId: string): Promise<number> {
  const adopted = await db
    .update(orders)
    .set({ customerId, updatedAt: sql`now()` })
    .where(and(eq(orders.sessionId, sessionId), isNull(orders.customerId)))
    .returning({ id: orders.id });
  return adopted.length;
}

/** An order with its lines, only when `owner` may see it. */
export async function loadOwnedOrder(db: Reader, id: string, owner: Owner): Promise<Order | undefined> {
  const [found] = await selectOrdersWithLines(db).where(eq(orders.id, id));
  return found && isOwner(found.row, owner) ? shaped(found) : undefined;
}

/**
 * The order the checkout `idempotencyKey` placed from the cart `cartId`. A cart asks only about
 * its own holds: a key placed from another cart is answered as no order at all.
 */
export async function loadCartOrderByKey(db: Reader, idempotencyKey: string, cartId: string): Promise<Order | undefined> {
  const [found] = await selectOrdersWithLines(db).where(eq(orders.idempotencyKey, idempotencyKey));
  return found && found.row.cartId === cartId ? shaped(found) : undefined;
}

/** The owner's orders, newest first. */
export async function listOrders(db: Reader, owner: Owner, limit = MAX_LISTED_ORDERS): Promise<Order[]> {
  const found = await selectOrdersWithLines(db).where(ownedBy(owner)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
  return found.map(shaped);
}


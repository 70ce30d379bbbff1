import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { DailyReport, MerchantOrder, MerchantOrderList, MerchantOrderListQuery } from "../../contracts/orders/merchant-api.ts";
import { isCurrency } from "../../domain/money.ts";
import { isOrderStatus, isSold } from "../../domain/order-state.ts";
import { decodeCreatedCursor, encodeCreatedCursor } from "./created-cursor.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { orderRow, toOrder } from "./order-store.ts";
import { orderLines, orders, orderStatusHistory, outbox } from "./schema.ts";
import { shipmentsOf } from "./shipments.ts";

/** The merchant's reads of orders: the filtered list, one order in full, and a day's figures. */
type Reader = Pick<OrdersDb | OrdersTx, "select">;

const DAY_MS = 86_400_000;
const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

/**
 * `q`: an order id or its beginning (`ord_...`), the order number a shopper quotes (the id's last
 * eight characters, shown upper-case on their order page), or part of the email, in any case.
 */
function search(q: string): SQL | undefined {
  const needle = q.toLowerCase();
  if (needle.startsWith("ord_")) return sql`starts_with(lower(${orders.id}), ${needle})`;
  const inEmail = sql`strpos(lower(${orders.email}), ${needle}) > 0`;
  return /^[a-z0-9]{8}$/.test(needle) ? or(inEmail, sql`lower(right(${orders.id}, 8)) = ${needle}`) : inEmail;
}

function filters(query: MerchantOrderListQuery): (SQL | undefined)[] {
  const { customer } = query;
  return [
    query.status ? inArray(orders.status, query.status) : undefined,
    query.from ? gte(orders.createdAt, startOfDay(query.from)) : undefined,
    query.to ? lt(orders.createdAt, new Date(startOfDay(query.to).getTime() + DAY_MS)) : undefined,
    customer === undefined ? undefined : customer.includes("@") ? eq(sql`lower(${orders.email})`, customer.toLowerCase()) : eq(orders.customerId, customer),
    query.currency ? eq(orders.currency, query.currency) : undefined,
    query.minTotal === undefined ? undefined : gte(orders.total, query.minTotal),
    query.maxTotal === undefined ? undefined : lte(orders.total, query.maxTotal),
    query.q ? search(query.q) : undefined,
  ];
}

/** One page of orders matching `query`, newest first. */
export async function listMerchantOrders(db: Reader, query: MerchantOrderListQuery): Promise<MerchantOrderList> {
  const after = query.cursor === undefined ? undefined : decodeCreatedCursor(query.cursor);
  const createdText = sql<string>`${orders.createdAt}::text`;
  const rows = await db
    .select({
      id: orders.id,
      status: orders.status,
      email: orders.email,
      customerId: orders.customerId,
      currency: orders.currency,
      total: orders.total,
      paymentStatus: orders.paymentStatus,
      createdAt: orders.createdAt,
      createdText,
      itemCount: sql<number>`(select coalesce(sum(${orderLines.quantity}), 0) from ${orderLines} where ${orderLines.orderId} = ${orders.id})`.mapWith(Number),
    })
    .from(orders)
    .where(and(...filters(query), after ? sql`(${orders.createdAt}, ${orders.id}) < (${after[0]}::timestamptz, ${after[1]})` : undefined))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    orders: page.map(({ createdText: _text, ...r }) => {
      if (!isOrderStatus(r.status) || !isCurrency(r.currency)) throw new Error(`order ${r.id} has an unknown status or currency`);
      return { ...r, status: r.status, currency: r.currency, createdAt: r.createdAt.toISOString() };
    }),
    nextCursor: rows.length > query.limit && last ? encodeCreatedCursor(last.createdText, last.id) : null,
  };
}

/** An order with everything that happened to it, or undefined when there is no such order. */
export async function merchantOrder(db: Reader, id: string): Promise<MerchantOrder | undefined> {
  const row = await orderRow(db, id);
  if (!row) return undefined;
  const [lines, history, events] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, id)).orderBy(asc(orderLines.position)),
    db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, id)).orderBy(asc(orderStatusHistory.id)),
    db.select({ seq: outbox.seq, type: outbox.type, createdAt: outbox.createdAt }).from(outbox).where(eq(outbox.subject, id)).orderBy(asc(outbox.seq)),
  ]);
  const fulfilments = await shipmentsOf(db, id, lines);
  const shipped = new Map<number, number>();
  for (const f of fulfilments) for (const l of f.lines) shipped.set(l.position, (shipped.get(l.position) ?? 0) + l.quantity);
  const order = toOrder(row, lines);
  return {
    ...order,
    customerId: row.customerId,
    lines: order.lines.map((line, i) => {
      const position = lines[i]?.position ?? i;
      return { ...line, position, shipped: shipped.get(position) ?? 0 };
    }),
    fulfilments,
    history: history.map((h) => ({ fromStatus: h.fromStatus, toStatus: h.toStatus, event: h.event, note: h.note, at: h.createdAt.toISOString() })),
    events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.createdAt.toISOString() })),
  };
}

/** Sold orders (paid and beyond) placed on the UTC `day`, their revenue per currency, and those still awaiting payment. */
export async function dailyReport(db: Reader, day: string): Promise<DailyReport> {
  const from = startOfDay(day);
  const rows = await db
    .select({ status: orders.status, currency: orders.currency, orders: sql<number>`count(*)`.mapWith(Number), total: sql<number>`coalesce(sum(${orders.total}), 0)`.mapWith(Number) })
    .from(orders)
    .where(and(gte(orders.createdAt, from), lt(orders.createdAt, new Date(from.getTime() + DAY_MS))))
    .groupBy(orders.status, orders.currency);
  const report: DailyReport = { date: day, orders: 0, revenue: {}, awaitingPayment: 0 };
  for (const r of rows) {
    if (!isOrderStatus(r.status) || !isCurrency(r.currency)) continue;
    if (r.status === "pending_payment") report.awaitingPayment += r.orders;
    if (!isSold(r.status)) continue;
    report.orders += r.orders;
    report.revenue[r.currency] = (report.revenue[r.currency] ?? 0) + r.total;
  }
  return report;
}

/** Today as a UTC day, YYYY-MM-DD. */
export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

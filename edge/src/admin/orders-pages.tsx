import type { Actor } from "../../../contracts/admin/actor.ts";
import type { DailyReport, MerchantOrder, MerchantOrderList } from "../../../contracts/orders/merchant-api.ts";
import { isFullyShipped } from "../../../domain/fulfilment.ts";
import { CURRENCIES, formatMoney } from "../../../domain/money.ts";
import { acceptsShipments, isSold, ORDER_STATUSES } from "../../../domain/order-state.ts";
import { Field, FormError } from "../ui/components.tsx";
import { AdminLayout, type FormState } from "./pages.tsx";

/**
 * The merchant's order pages: the list with its filters (a GET form, so a search is a link), one
 * order with everything that happened to it and the forms that move it on, and the day's figures
 * on the dashboard. Forms are shown only to members who may use them; the routes check all the same.
 */
const label = (status: string) => status.replaceAll("_", " ");
const when = (iso: string) => iso.replace("T", " ").slice(0, 16);

/** A table's column headings. */
function Head(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th scope="col">{c}</th>
        ))}
      </tr>
    </thead>
  );
}

export function TodayFigures(props: { report: DailyReport }) {
  const revenue = CURRENCIES.filter((c) => props.report.revenue[c] !== undefined).map((c) => formatMoney(props.report.revenue[c] ?? 0, c));
  return (
    <section aria-labelledby="today-heading">
      <h2 id="today-heading">Today ({props.report.date}, UTC)</h2>
      <p>
        <strong>{props.report.orders}</strong> {props.report.orders === 1 ? "order" : "orders"} sold, revenue <strong>{revenue.length > 0 ? revenue.join(" + ") : "none yet"}</strong>;{" "}
        {props.report.awaitingPayment} awaiting payment. <a href={`/admin/orders?from=${props.report.date}&to=${props.report.date}`}>Today's orders</a>
      </p>
    </section>
  );
}

export function OrdersListPage(props: { actor: Actor; query: Record<string, string>; statuses: string[]; list?: MerchantOrderList | undefined; fieldErrors?: Record<string, string> | undefined; nextHref?: string | undefined }) {
  const q = props.query;
  const e = props.fieldErrors ?? {};
  return (
    <AdminLayout title="Orders" actor={props.actor}>
      <h1>Orders</h1>
      <form method="get" action="/admin/orders">
        <Field name="q" label="Search: order id or number, or email" error={e.q} input={{ type: "search", value: q.q ?? "" }} />
        <fieldset>
          <legend>Status</legend>
          {ORDER_STATUSES.map((s) => (
            <span>
              <input type="checkbox" id={`status-${s}`} name="status" value={s} checked={props.statuses.includes(s)} />
              <label for={`status-${s}`}>{label(s)}</label>{" "}
            </span>
          ))}
          {e.status ? <p class="field-error">{e.status}</p> : null}
        </fieldset>
        <Field name="from" label="Placed from (UTC day)" error={e.from} input={{ type: "date", value: q.from ?? "" }} />
        <Field name="to" label="Placed until (UTC day)" error={e.to} input={{ type: "date", value: q.to ?? "" }} />
        <Field name="customer" label="Customer id or email" error={e.customer} input={{ type: "text", value: q.customer ?? "" }} />
        <div class="field">
          <label for="currency">Currency</label>
          <select id="currency" name="currency">
            <option value="">any</option>
            {CURRENCIES.map((c) => (
              <option value={c} selected={q.currency === c}>
                {c}
              </option>
            ))}
          </select>
          {e.currency ? <p class="field-error">{e.currency}</p> : null}
        </div>
        <Field name="minTotal" label="Total at least (minor units, e.g. cents)" error={e.minTotal} input={{ type: "number", min: 0, value: q.minTotal ?? "" }} />
        <Field name="maxTotal" label="Total at most (minor units, e.g. cents)" error={e.maxTotal} input={{ type: "number", min: 0, value: q.maxTotal ?? "" }} />
        <button type="submit">Find orders</button>
      </form>
      {e.cursor || e.limit ? <FormError message={e.cursor ?? e.limit} /> : null}
      {props.list ? (
        <table>
          <Head columns={["Order", "Placed", "Email", "Status", "Items", "Total"]} />
          <tbody>
            {props.list.orders.map((o) => (
              <tr>
                <td>
                  <a href={`/admin/orders/${o.id}`}>{o.id}</a>
                </td>
                <td>{when(o.createdAt)}</td>
                <td>{o.email}</td>
                <td>{label(o.status)}</td>
                <td>{o.itemCount}</td>
                <td>{formatMoney(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {props.list?.orders.length === 0 ? <p>No orders match.</p> : null}
      {props.nextHref ? <a href={props.nextHref}>Older orders</a> : null}
    </AdminLayout>
  );
}

export interface OrderPageProps {
  actor: Actor;
  order: MerchantOrder;
  canWrite: boolean;
  /** The fulfil form's key: a double submit of the same page ships once. */
  idempotencyKey: string;
  form: FormState;
  notice?: string | undefined;
}

export function OrderDetailPage(props: OrderPageProps) {
  const { order } = props;
  const money = (amount: number) => formatMoney(amount, order.currency);
  return (
    <AdminLayout title={`Order ${order.id}`} actor={props.actor}>
      <h1>Order {order.id}</h1>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <FormError message={props.form.formError} />
      <p>
        Status: <strong>{label(order.status)}</strong>. Placed {when(order.createdAt)} by {order.email}
        {order.customerId ? ` (customer ${order.customerId})` : " (guest)"}. Total {money(order.total)}: {money(order.subtotal)} goods, −{money(order.discountTotal)} discounts,{" "}
        {money(order.shippingTotal)} shipping, {money(order.taxTotal)} tax.
      </p>
      <OrderLines order={order} />
      <h2>Promotions</h2>
      {order.promotions.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {order.promotions.map((p) => (
            <li>
              {p.description} {p.code ? `(code ${p.code})` : "(automatic)"}: −{money(p.amount + p.shippingAmount)}
            </li>
          ))}
        </ul>
      )}
      <h2>Payment</h2>
      <p>
        {order.payment
          ? `${order.payment.status}${order.payment.last4 ? `, ${order.payment.brand ?? "card"} ending ${order.payment.last4}` : ""}${order.payment.failureReason ? `, failed: ${order.payment.failureReason}` : ""}`
          : "No payment yet."}
      </p>
      <OrderShipmentsTable order={order} />
      {props.canWrite ? <OrderActions {...props} /> : null}
      <OrderTimeline order={order} />
    </AdminLayout>
  );
}

function OrderLines(props: { order: MerchantOrder }) {
  const money = (amount: number) => formatMoney(amount, props.order.currency);
  return (
    <table>
      <Head columns={["Item", "SKU", "Unit price", "Ordered", "Shipped", "Line total"]} />
      <tbody>
        {props.order.lines.map((l) => (
          <tr>
            <td>{l.title}</td>
            <td>{l.sku}</td>
            <td>{money(l.unitPrice)}</td>
            <td>{l.quantity}</td>
            <td>{l.shipped}</td>
            <td>{money(l.lineTotal - l.discount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OrderShipmentsTable(props: { order: MerchantOrder }) {
  return (
    <>
      <h2>Shipments</h2>
      {props.order.fulfilments.length === 0 ? (
        <p>Nothing shipped yet.</p>
      ) : (
        <table>
          <Head columns={["Sent", "Carrier", "Tracking number", "Units", "Delivered"]} />
          <tbody>
            {props.order.fulfilments.map((f) => (
              <tr>
                <td>{when(f.createdAt)}</td>
                <td>{f.carrier}</td>
                <td>{f.trackingNumber}</td>
                <td>{f.lines.map((l) => `${l.quantity} × ${l.title}`).join(", ")}</td>
                <td>{f.deliveredAt ? when(f.deliveredAt) : "not yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function OrderActions(props: OrderPageProps) {
  const { order, form } = props;
  const e = form.fieldErrors ?? {};
  const left = order.lines.map((l) => ({ ...l, left: l.quantity - l.shipped }));
  const shipped = isFullyShipped(order.lines, order.lines.map((l) => ({ position: l.position, quantity: l.shipped })));
  const deliverable = shipped && order.fulfilments.some((f) => f.deliveredAt === null);
  return (
    <>
      {acceptsShipments(order.status) && !shipped ? (
        <section aria-labelledby="fulfil-heading">
          <h2 id="fulfil-heading">Ship</h2>
          <form method="post" action={`/admin/orders/${order.id}/fulfil`}>
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            <Field name="carrier" label="Carrier" error={e.carrier} input={{ type: "text", required: true, maxlength: 100, value: form.values?.carrier ?? "" }} />
            <Field name="trackingNumber" label="Tracking number" error={e.trackingNumber} input={{ type: "text", required: true, maxlength: 100, value: form.values?.trackingNumber ?? "" }} />
            {left
              .filter((l) => l.left > 0)
              .map((l) => (
                <Field
                  name={`quantity-${l.position}`}
                  label={`Units of ${l.title} to ship (${l.left} left)`}
                  error={e[`quantity-${l.position}`]}
                  input={{ type: "number", min: 0, max: l.left, value: form.values?.[`quantity-${l.position}`] ?? String(l.left) }}
                />
              ))}
            <button type="submit">Ship these units</button>
          </form>
        </section>
      ) : null}
      {deliverable ? (
        <form method="post" action={`/admin/orders/${order.id}/deliver`}>
          <button type="submit">Mark delivered</button>
        </form>
      ) : null}
      {order.status === "pending_payment" ? (
        <form method="post" action={`/admin/orders/${order.id}/cancel`}>
          <button type="submit">Cancel this unpaid order</button>
        </form>
      ) : null}
      {(order.status === "paid" || order.status === "partially_refunded") && order.fulfilments.length === 0 ? (
        <form method="post" action={`/admin/orders/${order.id}/cancel`}>
          <button type="submit">Cancel and refund what is left</button>
        </form>
      ) : null}
      {isSold(order.status) && order.status !== "refunded" ? (
        <p>
          <a href={`/admin/orders/${order.id}/refund`}>Refund by amount or by lines</a>
        </p>
      ) : null}
    </>
  );
}

function OrderTimeline(props: { order: MerchantOrder }) {
  return (
    <>
      <h2>Status history</h2>
      <table>
        <Head columns={["When", "From", "To", "Why"]} />
        <tbody>
          {props.order.history.map((h) => (
            <tr>
              <td>{when(h.at)}</td>
              <td>{h.fromStatus ? label(h.fromStatus) : ""}</td>
              <td>{label(h.toStatus)}</td>
              <td>
                {label(h.event)}
                {h.note ? `: ${h.note}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Events</h2>
      <ul>
        {props.order.events.map((ev) => (
          <li>
            {when(ev.at)} {ev.type}
          </li>
        ))}
      </ul>
    </>
  );
}

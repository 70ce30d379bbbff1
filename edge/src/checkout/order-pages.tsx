import { formatMoney } from "../../../domain/money.ts";
import { awaitsConfirmation, type OrderStatus } from "../../../domain/order-state.ts";
import type { Order } from "../../../contracts/orders/api.ts";
import { FormError } from "../ui/components.tsx";
import { Layout } from "../ui/layout.tsx";
import { OrderShipments } from "./order-shipments.tsx";
import { OrderRefunds } from "./order-refunds.tsx";
import type { Session } from "../types.ts";

/** The order confirmation, the order history and the extra payment step, as plain pages. */
const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: "Waiting for payment",
  paid: "Paid",
  fulfilled: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
  payment_failed: "Payment failed",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
};

/** The status as a shopper reads it. */
export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

/** The last 8 characters of the id: enough for a shopper to tell orders apart. */
export function orderNumber(order: Pick<Order, "id">): string {
  return order.id.slice(-8).toUpperCase();
}

function StatusBadge(props: { status: OrderStatus }) {
  return <span class={`order-status status-${props.status}`}>{statusLabel(props.status)}</span>;
}


/** One order: what was bought, the totals, where it goes, how it was paid, and the next step if any. */
export function OrderPage(props: { order: Order; session?: Session | undefined }) {
  const { order } = props;
  const money = (amount: number) => formatMoney(amount, order.currency);
  const a = order.shippingAddress;
  return (
    <Layout title={`Order ${orderNumber(order)}`} session={props.session}>
      <h1>Order {orderNumber(order)}</h1>
      <p>
        <StatusBadge status={order.status} />{" "}
        {order.status === "paid" ? `Thank you! A confirmation is on its way to ${order.email}.` : null}
        {order.status === "payment_failed" ? "The payment did not go through, so nothing was charged. Your cart is still there to try another card." : null}
      </p>
      {awaitsConfirmation(order) ? (
        <p class="notice">
          Your bank asks you to confirm this payment. <a href={`/orders/${order.id}/confirm-payment`}>Confirm your payment</a>
        </p>
      ) : null}
      <section class="order-summary" aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        <ul class="order-lines">
          {order.lines.map((l) => (
            <li>
              <span>
                {l.quantity} × <a href={`/p/${l.productSlug}`}>{l.title}</a>
              </span>
              <span>{money(l.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <dl class="totals">
          <dt>Subtotal</dt>
          <dd>{money(order.subtotal)}</dd>
          {order.promotions.map((p) => (
            <>
              <dt>{p.code ?? p.description}</dt>
              <dd>{p.freeShipping ? "Free shipping" : `−${money(p.amount + p.shippingAmount)}`}</dd>
            </>
          ))}
          <dt>Shipping</dt>
          <dd>{order.shippingTotal === 0 ? "Free" : money(order.shippingTotal)}</dd>
          <dt>Tax</dt>
          <dd>{money(order.taxTotal)}</dd>
          <dt class="total">Total</dt>
          <dd class="total">{money(order.total)}</dd>
        </dl>
      </section>
      <h2>Shipping to</h2>
      <address>
        {a.name}
        <br />
        {a.line1}
        {a.line2 ? (
          <>
            <br />
            {a.line2}
          </>
        ) : null}
        <br />
        {a.postalCode} {a.city}
        {a.region ? `, ${a.region}` : ""}
        <br />
        {a.country}
      </address>
      <OrderShipments shipments={order.shipments} />
      {order.payment?.last4 ? <p>Paid with {order.payment.brand ?? "card"} ending {order.payment.last4}</p> : null}
      <OrderRefunds order={order} />
      <p>
        <a href="/orders">All your orders</a>
      </p>
    </Layout>
  );
}

/** The shopper's orders, newest first. */
export function OrdersPage(props: { orders: Order[]; session?: Session | undefined }) {
  return (
    <Layout title="Your orders" session={props.session}>
      <h1>Your orders</h1>
      {props.orders.length === 0 ? (
        <p class="empty">
          You have no orders yet. <a href="/">Start shopping</a>
        </p>
      ) : (
        <ul class="order-list" aria-label="Your orders, newest first">
          {props.orders.map((o) => (
            <li>
              <a href={`/orders/${o.id}`}>Order {orderNumber(o)}</a>
              <span>{new Date(o.createdAt).toISOString().slice(0, 10)}</span>
              <StatusBadge status={o.status} />
              <span>{formatMoney(o.total, o.currency)}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The extra payment step: confirm or cancel, as two buttons of one form. */
export function ConfirmPaymentPage(props: { order: Order; session?: Session | undefined; error?: string | undefined }) {
  const { order } = props;
  return (
    <Layout title="Confirm your payment" session={props.session}>
      <h1>Confirm your payment</h1>
      <FormError message={props.error} />
      <p>
        Your bank asks you to confirm the payment of <strong>{formatMoney(order.total, order.currency)}</strong> for order {orderNumber(order)}
        {order.payment?.last4 ? ` with the card ending ${order.payment.last4}` : ""}.
      </p>
      <form method="post" action={`/orders/${order.id}/confirm-payment`} class="confirm-actions">
        <button type="submit" name="action" value="confirm">
          Confirm payment
        </button>
        <button type="submit" name="action" value="cancel" class="secondary">
          Cancel order
        </button>
      </form>
    </Layout>
  );
}

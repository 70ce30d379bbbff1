import { formatMoney } from "../../../domain/money.ts";
import type { Order } from "../../../contracts/orders/api.ts";

const STATUS: Record<NonNullable<Order["refunds"]>[number]["status"], string> = { pending: "On its way back", succeeded: "Refunded", failed: "Failed" };

/** The money given back on a shopper's order: each refund (amount, date, reason) and the total refunded; nothing when none. */
export function OrderRefunds(props: { order: Order }) {
  const { refunds, refundedTotal, currency } = props.order;
  if (!refunds || refunds.length === 0) return null;
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <section class="order-refunds" aria-labelledby="refunds-heading">
      <h2 id="refunds-heading">Refunds</h2>
      <ul>
        {refunds.map((r) => (
          <li>
            <span>{money(r.amount)}</span> <time datetime={r.createdAt}>{r.createdAt.slice(0, 10)}</time> <span>{STATUS[r.status]}</span>
            {r.reason ? <span>: {r.reason}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        Refunded in total: <strong>{money(refundedTotal ?? 0)}</strong>. A refund reaches your card within a few days.
      </p>
    </section>
  );
}

import type { Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorPermissions, type Actor } from "../../../contracts/admin/actor.ts";
import { listOrderRefundsRoute, refundOrderRoute } from "../../../contracts/orders/refund-routes.ts";
import type { OrderRefundSummary, OrderRefundView } from "../../../contracts/orders/refunds.ts";
import { formatMoney } from "../../../domain/money.ts";
import { AppError } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { Field, FormError } from "../ui/components.tsx";
import type { EdgeEnv } from "../types.ts";
import { recordChange } from "./audit.ts";
import { callAsActor } from "./call.ts";
import { AdminLayout, type FormState } from "./pages.tsx";
import { readRefundForm, refusalState } from "./refund-form.ts";
import type { AdminPageKit } from "./page-kit.tsx";

/**
 * `/admin/orders/{id}/refund`: an order's lines with what is still refundable, its refunds, and a
 * form that refunds by amount or by lines (refund-form.ts). Served through the orders service's
 * merchant routes as the signed-in member, so the same permission and refund limit apply.
 */
export function RefundPage(props: { actor: Actor; summary: OrderRefundSummary; refunds: OrderRefundView[]; canWrite: boolean; form: FormState; refunded?: string | undefined; formKey: string }) {
  const { summary, form } = props;
  const money = (amount: number) => formatMoney(amount, summary.currency);
  const e = form.fieldErrors ?? {};
  const value = (name: string) => form.values?.[name] ?? "";
  // The form only for a member who may refund, and only while something is left to refund.
  const canRefund = props.canWrite && summary.refundableAmount > 0;
  return (
    <AdminLayout title={`Refund order ${summary.orderId}`} actor={props.actor}>
      <h1>Refund order {summary.orderId}</h1>
      {props.refunded ? <p role="status">Refund {props.refunded} was sent to the payment provider.</p> : null}
      <dl class="totals">
        <dt>Status</dt>
        <dd>{summary.status.replaceAll("_", " ")}</dd>
        <dt>Captured</dt>
        <dd>{money(summary.capturedAmount)}</dd>
        <dt>Refunded or on its way back</dt>
        <dd>{money(summary.refundedAmount)}</dd>
        <dt>Still refundable</dt>
        <dd id="refundable">{money(summary.refundableAmount)}</dd>
      </dl>
      <form method="post" action={`/admin/orders/${encodeURIComponent(summary.orderId)}/refund`}>
        <input type="hidden" name="key" value={props.formKey} />
        <FormError message={form.formError} />
        <table>
          <caption>Lines</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col">Paid</th>
              <th scope="col">Refunded units</th>
              {canRefund ? <th scope="col">Units to refund</th> : null}
            </tr>
          </thead>
          <tbody>
            {summary.lines.map((l) => (
              <tr>
                <td>
                  {l.title} ({l.sku})
                </td>
                <td>{l.quantity}</td>
                <td>{money(l.paid)}</td>
                <td>{l.refundedQuantity}</td>
                {canRefund ? (
                  <td>
                    <Field
                      name={`qty_${l.position}`}
                      label={`Units of ${l.title} to refund`}
                      error={e[`qty_${l.position}`]}
                      input={{ type: "number", min: 0, max: l.quantity - l.refundedQuantity, value: value(`qty_${l.position}`) }}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {canRefund ? (
          <>
            {e.lines ? <p class="field-error">{e.lines}</p> : null}
            <button type="submit" name="by" value="lines">
              Refund these units
            </button>
            <Field name="amount" label={`Or an amount (${summary.currency})`} hint="For example 12.50" error={e.amount} input={{ type: "text", inputmode: "decimal", value: value("amount") }} />
            <button type="submit" name="by" value="amount">
              Refund this amount
            </button>
            <Field name="reason" label="Reason (optional, the shopper sees it)" error={e.reason} input={{ type: "text", maxlength: 500, value: value("reason") }} />
          </>
        ) : null}
      </form>
      <RefundList refunds={props.refunds} money={money} />
    </AdminLayout>
  );
}

function RefundList(props: { refunds: OrderRefundView[]; money: (amount: number) => string }): Child {
  if (props.refunds.length === 0) return <p>No refunds yet.</p>;
  return (
    <table>
      <caption>Refunds</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Amount</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.refunds.map((r) => (
          <tr>
            <td>{r.createdAt}</td>
            <td>{props.money(r.amount)}</td>
            <td>{r.status}</td>
            <td>{r.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}


/** Registers GET and POST /admin/orders/{id}/refund on the admin page routes. */
export function mountRefundPages(routes: Hono<EdgeEnv>, { member, page }: AdminPageKit): void {
  async function refundPage(c: Context<EdgeEnv>, actor: Actor, form: FormState, status: ContentfulStatusCode = 200) {
    const id = c.req.param("id") ?? "";
    const { refunds, order } = await callAsActor(c, actor, "orders", listOrderRefundsRoute, { params: { id } });
    const canWrite = actorPermissions(actor).includes("orders:write");
    return page(c, <RefundPage actor={actor} summary={order} refunds={refunds} canWrite={canWrite} form={form} refunded={c.req.query("refunded")} formKey={crypto.randomUUID()} />, status);
  }

  routes.get("/admin/orders/:id/refund", async (c) => refundPage(c, await member(c, "orders:read"), {}));

  routes.post("/admin/orders/:id/refund", async (c) => {
    const actor = await member(c, "orders:write");
    const id = c.req.param("id");
    const fields = await parseFormBody(c);
    const { order } = await callAsActor(c, actor, "orders", listOrderRefundsRoute, { params: { id } });
    const form = readRefundForm(fields, order.currency);
    if (!form.ok) return refundPage(c, actor, form.state, 400);
    try {
      const answer = await callAsActor(c, actor, "orders", refundOrderRoute, { params: { id }, json: form.request, idempotencyKey: form.key });
      const { refund } = answer;
      // Recorded as the admin API records the same refund (audit.ts), so both ways in leave one trail.
      await recordChange(c, actor, { action: "post /orders/{id}/refunds", target: `/orders/${id}/refunds`, before: null, after: answer, requestId: c.get("requestId") });
      return c.redirect(`/admin/orders/${encodeURIComponent(id)}/refund?refunded=${encodeURIComponent(refund.id)}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return refundPage(c, actor, refusalState(err, form.request, fields), err.status as ContentfulStatusCode);
      throw err;
    }
  });
}

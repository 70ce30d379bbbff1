import type { Actor } from "../../../contracts/admin/actor.ts";
import type { PromotionOrder, PromotionUsageView } from "../../../contracts/orders/promotion-usage.ts";
import { CURRENCIES, formatMoney, type Currency } from "../../../domain/money.ts";
import type { PromotionDefinition, PromotionStatus } from "../../../domain/promotions/model.ts";
import { Field, FormError } from "../ui/components.tsx";
import { AdminLayout, type FormState } from "./pages.tsx";
import { PromotionFields } from "./promotion-fields.tsx";
import { ColumnHeads } from "./column-heads.tsx";

/**
 * The promotions pages: the list with each promotion's uses and budget spent (counted by the
 * orders service), one promotion with its orders, its status buttons and single-use codes, and the
 * create and edit forms. Forms appear only for roles with promotions:write.
 */

export function perCurrencyText(amounts: Partial<Record<Currency, number>> | undefined): string {
  const parts = CURRENCIES.flatMap((c) => (amounts?.[c] === undefined ? [] : [formatMoney(amounts[c], c)]));
  return parts.length > 0 ? parts.join(" / ") : "";
}

/** "20 % off the order", "free shipping": what the promotion gives, in a few words. */
export function effectText(p: Pick<PromotionDefinition, "target" | "effect">): string {
  const on = p.target === "order" ? "the order" : p.target === "shipping" ? "shipping" : "products";
  const e = p.effect;
  switch (e.kind) {
    case "percentage":
      return `${e.basisPoints / 100} % off ${on}`;
    case "fixed_amount":
      return `${perCurrencyText(e.amountOff)} off ${on}`;
    case "fixed_price":
      return `products at ${perCurrencyText(e.price)}`;
    case "buy_x_get_y":
      return `buy ${e.buy}, get ${e.get} at ${e.basisPoints / 100} % off`;
    case "free_shipping":
      return "free shipping";
    case "tiered":
      return `tiered (${e.tiers.length} tiers) off ${on}`;
  }
}

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
export function scheduleText(p: Pick<PromotionDefinition, "startsAt" | "endsAt">): string {
  if (!p.startsAt && !p.endsAt) return "no end";
  return [p.startsAt ? `from ${when(p.startsAt)}` : "", p.endsAt ? `until ${when(p.endsAt)}` : ""].filter(Boolean).join(" ");
}

function usageText(p: PromotionDefinition, usage: PromotionUsageView): string {
  return p.limits.totalUses ? `${usage.uses} of ${p.limits.totalUses}` : String(usage.uses);
}

function budgetText(p: PromotionDefinition, usage: PromotionUsageView): string {
  const spent = perCurrencyText(usage.budgetSpent) || "none";
  const budget = perCurrencyText(p.limits.budget);
  return budget ? `${spent} of ${budget}` : spent;
}

export type PromotionRow = { promotion: PromotionDefinition; usage: PromotionUsageView };

export function PromotionsListPage(props: { actor: Actor; rows: PromotionRow[]; canWrite: boolean }) {
  return (
    <AdminLayout title="Promotions" actor={props.actor}>
      <h1>Promotions</h1>
      {props.canWrite ? <a href="/admin/promotions/new">New promotion</a> : null}
      <table>
        <ColumnHeads names={["Name", "Status", "Kind", "Codes", "Uses", "Budget spent", "Schedule"]} />
        <tbody>
          {props.rows.map(({ promotion: p, usage }) => (
            <tr>
              <td>
                <a href={`/admin/promotions/${encodeURIComponent(p.id)}`}>{p.name}</a>
              </td>
              <td>{p.status}</td>
              <td>{effectText(p)}</td>
              <td>{p.activation === "automatic" ? "automatic" : p.codes.slice(0, 3).join(", ") + (p.codes.length > 3 ? ` and ${p.codes.length - 3} more` : "")}</td>
              <td>{usageText(p, usage)}</td>
              <td>{budgetText(p, usage)}</td>
              <td>{scheduleText(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export function PromotionFormPage(props: { actor: Actor; promotion?: PromotionDefinition | undefined; form: FormState }) {
  const p = props.promotion;
  const title = p ? `Edit ${p.name}` : "New promotion";
  return (
    <AdminLayout title={title} actor={props.actor}>
      <h1>{title}</h1>
      <FormError message={props.form.formError} />
      <form method="post" action={p ? `/admin/promotions/${encodeURIComponent(p.id)}` : "/admin/promotions"}>
        <PromotionFields form={props.form} />
        {p ? null : (
          <div>
            <input type="checkbox" id="activeNow" name="activeNow" value="on" checked={props.form.values?.activeNow === "on"} />
            <label for="activeNow">Switch it on now (otherwise it is saved as a draft)</label>
          </div>
        )}
        <button type="submit">{p ? "Save changes" : "Create promotion"}</button>
      </form>
    </AdminLayout>
  );
}

/** The status changes each status allows, as the catalog's routes do. */
const ACTIONS: Record<PromotionStatus, ("activate" | "pause" | "archive")[]> = {
  draft: ["activate", "archive"],
  active: ["pause", "archive"],
  paused: ["activate", "archive"],
  archived: [],
};

export function PromotionPage(props: {
  actor: Actor;
  promotion: PromotionDefinition;
  usage: PromotionUsageView;
  orders: PromotionOrder[];
  nextOrdersHref?: string | undefined;
  canWrite: boolean;
  codesForm: FormState;
  generated?: string[] | undefined;
  idempotencyKey: string;
}) {
  const p = props.promotion;
  const base = `/admin/promotions/${encodeURIComponent(p.id)}`;
  const e = props.codesForm.fieldErrors;
  return (
    <AdminLayout title={p.name} actor={props.actor}>
      <h1>{p.name}</h1>
      <dl>
        <dt>Status</dt>
        <dd>{p.status}</dd>
        <dt>Gives</dt>
        <dd>{effectText(p)}</dd>
        <dt>Codes</dt>
        <dd>{p.activation === "automatic" ? "automatic, no code" : p.codes.join(", ") || "single-use codes only"}</dd>
        <dt>Schedule</dt>
        <dd>{scheduleText(p)}</dd>
        <dt>Uses</dt>
        <dd>
          {usageText(p, props.usage)} ({props.usage.usesHeld} awaiting payment; {props.usage.customers} customers)
        </dd>
        <dt>Budget spent</dt>
        <dd>{budgetText(p, props.usage)}</dd>
      </dl>
      {props.canWrite && p.status !== "archived" ? (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">Change</h2>
          <a href={`${base}/edit`}>Edit {p.name}</a>
          {ACTIONS[p.status].map((action) => (
            <form method="post" action={`${base}/${action}`}>
              <button type="submit">{action[0]?.toUpperCase() + action.slice(1)}</button>
            </form>
          ))}
        </section>
      ) : null}
      {props.generated ? (
        <section aria-labelledby="generated-heading">
          <h2 id="generated-heading">{props.generated.length} new single-use codes</h2>
          <pre>{props.generated.join("\n")}</pre>
        </section>
      ) : null}
      {props.canWrite && p.activation === "code" && p.status !== "archived" ? (
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading">Generate single-use codes</h2>
          <FormError message={props.codesForm.formError} />
          <form method="post" action={`${base}/codes`}>
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            <Field name="count" label="How many" error={e?.count} input={{ type: "number", min: 1, required: true, value: props.codesForm.values?.count ?? "" }} />
            <Field name="prefix" label="Prefix (optional)" error={e?.prefix} input={{ type: "text", value: props.codesForm.values?.prefix ?? "" }} />
            <button type="submit" name="format" value="page">
              Generate and show
            </button>
            <button type="submit" name="format" value="csv">
              Generate as a CSV file
            </button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading">Orders that used it</h2>
        {props.orders.length === 0 ? (
          <p>No orders yet.</p>
        ) : (
          <table>
            <ColumnHeads names={["Order", "When", "Code", "Discount", "Order status", "Use"]} />
            <tbody>
              {props.orders.map((o) => (
                <tr>
                  <td>{o.orderId}</td>
                  <td>{when(o.createdAt)}</td>
                  <td>{o.code ?? ""}</td>
                  <td>{formatMoney(o.discount, o.currency)}</td>
                  <td>{o.status}</td>
                  <td>{o.redemption}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.nextOrdersHref ? <a href={props.nextOrdersHref}>More orders</a> : null}
      </section>
    </AdminLayout>
  );
}

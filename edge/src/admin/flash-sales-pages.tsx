import type { Actor } from "../../../contracts/admin/actor.ts";
import type { FlashSaleWire } from "../../../contracts/flash-sales/definition.ts";
import { salePhase } from "../../../domain/flash-sale.ts";
import { FormError } from "../ui/components.tsx";
import { Amounts, Text } from "./form-fields.tsx";
import type { FormState } from "./pages.tsx";
import { AdminLayout } from "./pages.tsx";
import { perCurrencyText, scheduleText } from "./promotions-pages.tsx";
import { ColumnHeads } from "./column-heads.tsx";

/**
 * The flash-sales page: every sale with its allocation and, from its StockObjects, the units
 * reserved and sold; for roles with promotions:write, the form that schedules one and a cancel
 * button on each sale that has not ended.
 */
export type FlashSaleRow = { sale: FlashSaleWire; held: number; sold: number };

export function FlashSalesPage(props: { actor: Actor; rows: FlashSaleRow[]; canWrite: boolean; form: FormState; created?: string | undefined; now: number }) {
  return (
    <AdminLayout title="Flash sales" actor={props.actor}>
      <h1>Flash sales</h1>
      {props.created ? <p role="status">Flash sale {props.created} was scheduled.</p> : null}
      <table>
        <ColumnHeads names={["Sale", "Variant", "Sale price", "Allocation", "Reserved", "Sold", "Per customer", "Window", "Phase"]} />
        <tbody>
          {props.rows.map(({ sale, held, sold }) => {
            const phase = salePhase({ status: sale.status, startsAt: Date.parse(sale.startsAt), endsAt: Date.parse(sale.endsAt) }, props.now);
            return (
              <tr>
                <td>{sale.id}</td>
                <td>{sale.variantId}</td>
                <td>{perCurrencyText(sale.salePrices)}</td>
                <td>{sale.allocation}</td>
                <td>{held}</td>
                <td>{sold}</td>
                <td>{sale.perCustomerMax}</td>
                <td>{scheduleText(sale)}</td>
                <td>
                  {phase}
                  {props.canWrite && (phase === "upcoming" || phase === "live") ? (
                    <form method="post" action={`/admin/flash-sales/${encodeURIComponent(sale.id)}/cancel`}>
                      <button type="submit">Cancel {sale.id}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.canWrite ? (
        <section aria-labelledby="new-sale">
          <h2 id="new-sale">Schedule a flash sale</h2>
          <FormError message={props.form.formError} />
          <form method="post" action="/admin/flash-sales">
            <Text name="variantId" label="Variant id" form={props.form} />
            <Amounts name="salePrice" legend="Sale price (at least one currency)" form={props.form} />
            <Text name="allocation" label="Units for the sale" form={props.form} />
            <Text name="startsAt" label="Starts (UTC)" type="datetime-local" form={props.form} />
            <Text name="endsAt" label="Ends (UTC)" type="datetime-local" form={props.form} />
            <Text name="perCustomerMax" label="Most units per customer" form={props.form} />
            <Text name="shards" label="Shards (optional: more for a bigger crowd)" form={props.form} />
            <button type="submit">Schedule</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

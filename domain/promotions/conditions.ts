import type { EngineInput, PromotionDefinition, RejectionReason } from "./model.ts";
import { compiled } from "./compiled.ts";
import type { LineTable } from "./lines.ts";

/**
 * Whether a promotion is open to this input at all: status and schedule, currency, customer,
 * usage, and which lines it is for. Everything here is judged on the input as given (amounts
 * before discounts), so one promotion never changes another's eligibility.
 */

/** Status, schedule, currency, customer and limits: the checks that do not look at lines. */
export function gateReason(def: PromotionDefinition, input: EngineInput): RejectionReason | null {
  if (def.status !== "active") return "not_active";
  const { startsAt, endsAt } = compiled(def);
  if (startsAt !== null && input.now < startsAt) return "not_started";
  if (endsAt !== null && input.now >= endsAt) return "ended";
  const c = def.conditions;
  if (c.currencies && !c.currencies.includes(input.currency)) return "currency";
  const customer = input.customer;
  if ((c.signedInOnly || c.firstOrderOnly) && customer.id === undefined) return "signed_in_only";
  if (c.firstOrderOnly && customer.isFirstOrder === false) return "first_order_only";
  if (c.customerIds && c.customerIds.length > 0) {
    if (customer.id === undefined) return "signed_in_only";
    if (!c.customerIds.includes(customer.id)) return "customer_not_eligible";
  }
  if (c.customerTags && c.customerTags.length > 0) {
    if (customer.id === undefined) return "signed_in_only";
    const tags = customer.tags ?? [];
    if (!c.customerTags.some((t) => tags.includes(t))) return "customer_not_eligible";
  }
  const usage = input.usage?.get(def.id);
  if (usage) {
    const l = def.limits;
    if (l.totalUses != null && usage.uses >= l.totalUses) return "limit_reached";
    if (l.usesPerCustomer != null && usage.customerUses >= l.usesPerCustomer) return "customer_limit_reached";
    const budget = l.budget?.[input.currency];
    if (budget !== undefined && usage.spent >= budget) return "budget_exhausted";
  }
  return null;
}

/**
 * Canonical indices of the lines the promotion's product conditions match (products, variants or
 * categories, any of them; a line's category path covers descendant categories). None given: all.
 */
export function matchingLines(def: PromotionDefinition, table: LineTable): number[] {
  const { productIds, variantIds, categorySlugs } = def.conditions;
  const hasProducts = productIds !== undefined && productIds.length > 0;
  const hasVariants = variantIds !== undefined && variantIds.length > 0;
  const hasCategories = categorySlugs !== undefined && categorySlugs.length > 0;
  const out: number[] = [];
  for (let i = 0; i < table.keys.length; i++) {
    if (
      (!hasProducts && !hasVariants && !hasCategories) ||
      (hasProducts && productIds.includes(table.productIds[i] as string)) ||
      (hasVariants && variantIds.includes(table.variantIds[i] as string)) ||
      (hasCategories && (table.categories[i] as readonly string[]).some((s) => categorySlugs.includes(s)))
    ) {
      out.push(i);
    }
  }
  return out;
}

/** Subtotal and units of some lines, before discounts. */
export function measure(table: LineTable, lines: readonly number[]): { subtotal: number; units: number } {
  let subtotal = 0;
  let units = 0;
  for (const i of lines) {
    subtotal += table.totals[i] as number;
    units += table.quantities[i] as number;
  }
  return { subtotal, units };
}

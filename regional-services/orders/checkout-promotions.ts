import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Currency } from "../../domain/money.ts";
import { ORDER_STATUSES, isSold } from "../../domain/order-state.ts";
import type { AppliedPromotion } from "../../domain/promotions/applied.ts";
import type { EngineCustomer, PromotionDefinition, PromotionUsage } from "../../domain/promotions/model.ts";
import type { CheckoutRequest } from "../../contracts/orders/api.ts";
import type { OrdersTx } from "./db.ts";
import { customerKeyOf, type Redemption } from "./promotion-redemptions.ts";
import { candidatePromotions, singleUseCodes, type SingleUseCode } from "./promotion-replica.ts";
import { orders, promotionCounters, promotionCustomerUses, promotionSpend } from "./schema.ts";

/**
 * What checkout needs to evaluate promotions authoritatively: the replica's definitions that can
 * apply, the entered single-use codes resolved, who the customer is (and whether this is their
 * first paid order), and each candidate's use so far. The use read here is a snapshot; the
 * conditional takes of promotion-redemptions.ts are what finally decide.
 */
export interface PromotionContext {
  definitions: PromotionDefinition[];
  singleUse: Map<string, SingleUseCode>;
  usage: Map<string, PromotionUsage>;
  customer: EngineCustomer;
  /** The key per-customer uses are counted under (guests by email). */
  customerKey: string;
}

const UNSOLD = ORDER_STATUSES.filter((s) => !isSold(s));

/** Whether the customer (or, for a guest, the email) has no earlier paid order. */
async function isFirstOrder(tx: OrdersTx, customerId: string | undefined, email: string): Promise<boolean> {
  const whose = customerId ? eq(orders.customerId, customerId) : and(isNull(orders.customerId), sql`lower(${orders.email}) = ${email.trim().toLowerCase()}`);
  const [earlier] = await tx.select({ id: orders.id }).from(orders).where(and(whose, notInArray(orders.status, UNSOLD))).limit(1);
  return earlier === undefined;
}

async function usageOf(tx: OrdersTx, ids: readonly string[], customerKey: string, currency: Currency): Promise<Map<string, PromotionUsage>> {
  if (ids.length === 0) return new Map();
  const [counters, customer, spend] = await Promise.all([
    tx.select().from(promotionCounters).where(inArray(promotionCounters.promotionId, [...ids])),
    tx.select().from(promotionCustomerUses).where(and(inArray(promotionCustomerUses.promotionId, [...ids]), eq(promotionCustomerUses.customerKey, customerKey))),
    tx.select().from(promotionSpend).where(and(inArray(promotionSpend.promotionId, [...ids]), eq(promotionSpend.currency, currency))),
  ]);
  const uses = new Map(counters.map((c) => [c.promotionId, c.uses]));
  const customerUses = new Map(customer.map((c) => [c.promotionId, c.uses]));
  const spent = new Map(spend.map((s) => [s.promotionId, s.spent]));
  return new Map(ids.map((id) => [id, { uses: uses.get(id) ?? 0, customerUses: customerUses.get(id) ?? 0, spent: spent.get(id) ?? 0 }]));
}

export async function loadPromotionContext(tx: OrdersTx, request: CheckoutRequest, now: Date): Promise<PromotionContext> {
  const codes = request.promotionCodes;
  const customerId = request.owner.customerId;
  const customerKey = customerKeyOf(customerId, request.email);
  const singleUse = await singleUseCodes(tx, codes);
  const definitions = await candidatePromotions(tx, codes, singleUse, now);
  const needsFirstOrder = definitions.some((d) => d.conditions.firstOrderOnly);
  const [usage, first] = await Promise.all([
    usageOf(
      tx,
      definitions.map((d) => d.id),
      customerKey,
      request.currency,
    ),
    needsFirstOrder ? isFirstOrder(tx, customerId, request.email) : Promise.resolve(undefined),
  ]);
  return { definitions, singleUse, usage, customer: { id: customerId, isFirstOrder: first }, customerKey };
}

/** One redemption per applied promotion, carrying the limits the takes check against. */
export function redemptionsFor(applied: readonly AppliedPromotion[], ctx: PromotionContext): Redemption[] {
  const byId = new Map(ctx.definitions.map((d) => [d.id, d]));
  return applied.map((a) => ({
    promotionId: a.promotionId,
    code: a.code,
    singleUseCode: a.code !== null && ctx.singleUse.has(a.code),
    amount: a.amount + a.shippingAmount,
    limits: byId.get(a.promotionId)?.limits ?? {},
  }));
}

export type UsageReason = "limit_reached" | "customer_limit_reached" | "budget_exhausted";

/**
 * Why a promotion the cart could have previewed no longer applies, judged from its use so far:
 * the preview knows nothing of uses, so these are what make checkout's total differ from it.
 */
export function usageReason(definition: PromotionDefinition, usage: PromotionUsage | undefined, currency: Currency): UsageReason {
  const { totalUses, usesPerCustomer, budget } = definition.limits;
  if (usage && totalUses != null && usage.uses >= totalUses) return "limit_reached";
  if (usage && usesPerCustomer != null && usage.customerUses >= usesPerCustomer) return "customer_limit_reached";
  return budget?.[currency] !== undefined ? "budget_exhausted" : "limit_reached";
}

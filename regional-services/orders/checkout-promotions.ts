import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Currency } from "../../domain/money.ts";
import { ORDER_STATUSES, isSold } from "../../domain/order-state.ts";
import type { AppliedPromotion } from "../../domain/promotions/applied.ts";
import type { UsedUpReason } from "../../domain/promotions/used-up.ts";
import type { EngineCustomer, PromotionDefinition, PromotionUsage } from "../../domain/promotions/model.ts";
import type { CheckoutRequest } from "../../contracts/orders/api.ts";
import type { OrdersTx } from "./db.ts";
import { replicaTags } from "./customers-feed.ts";
import { customerKeyOf, type Redemption } from "./promotion-redemptions.ts";
import { candidatePromotions, singleUseCodes, type SingleUseCode } from "./promotion-replica.ts";
import { orders, promotionCounters, promotionCustomerUses, promotionSpend } from "./schema.ts";

/**
 * What checkout needs to evaluate promotions authoritatively: the replica's definitions that can
 * apply, the entered single-use codes resolved, who the customer is (their tags from the replica
 * of the customers service's, and whether this is their first order), and each candidate's use so far. The use read here is a snapshot; the
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

/** Orders that ended unpaid (failed, cancelled, expired): they do not make a later order a second one. */
const ENDED_UNPAID = ORDER_STATUSES.filter((s) => s !== "pending_payment" && !isSold(s));

/** Any constant works: with the customer key it names the lock that serialises first orders. */
const FIRST_ORDER_LOCK = 7_146_007;

/**
 * Whether the customer (or, for a guest, the email) has no earlier order that is paid or still
 * awaiting payment. An order awaiting payment counts, or two tabs could both get a first-order
 * discount; one that ended unpaid does not. Two checkouts of one customer at the same moment
 * queue on a transaction lock, so the second sees the first's order once it has committed.
 */
async function isFirstOrder(tx: OrdersTx, customerKey: string, customerId: string | undefined, email: string): Promise<boolean> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ORDER_LOCK}, hashtext(${customerKey}))`);
  const whose = customerId ? eq(orders.customerId, customerId) : and(isNull(orders.customerId), sql`lower(${orders.email}) = ${email.trim().toLowerCase()}`);
  const [earlier] = await tx.select({ id: orders.id }).from(orders).where(and(whose, notInArray(orders.status, ENDED_UNPAID))).limit(1);
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
  const needsFirstOrder = customerId !== undefined && definitions.some((d) => d.conditions.firstOrderOnly);
  const needsTags = customerId !== undefined && definitions.some((d) => (d.conditions.customerTags?.length ?? 0) > 0);
  const [usage, first, tags] = await Promise.all([
    usageOf(
      tx,
      definitions.map((d) => d.id),
      customerKey,
      request.currency,
    ),
    needsFirstOrder ? isFirstOrder(tx, customerKey, customerId, request.email) : Promise.resolve(undefined),
    // The replica of the customers service's tags is the authoritative answer; the cart's is a preview.
    needsTags && customerId !== undefined ? replicaTags(tx, customerId) : Promise.resolve(undefined),
  ]);
  return { definitions, singleUse, usage, customer: { id: customerId, isFirstOrder: first, tags }, customerKey };
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

export type UsageReason = UsedUpReason;

/**
 * Why a promotion the cart could have previewed no longer applies: the customer (not a first
 * order; tags the merchant has since changed), else its use so far. The preview knows nothing of
 * uses or order history, so these are what make checkout's total differ from it.
 */
export function usageReason(definition: PromotionDefinition, usage: PromotionUsage | undefined, currency: Currency, customer: EngineCustomer = {}): UsageReason {
  const { firstOrderOnly, customerTags: wanted } = definition.conditions;
  if (firstOrderOnly && customer.isFirstOrder === false) return "first_order_only";
  if (wanted && wanted.length > 0 && !wanted.some((t) => (customer.tags ?? []).includes(t))) return "customer_not_eligible";
  const { totalUses, usesPerCustomer, budget } = definition.limits;
  if (usage && totalUses != null && usage.uses >= totalUses) return "limit_reached";
  if (usage && usesPerCustomer != null && usage.customerUses >= usesPerCustomer) return "customer_limit_reached";
  return budget?.[currency] !== undefined ? "budget_exhausted" : "limit_reached";
}

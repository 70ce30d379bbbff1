import { and, asc, eq, sql } from "drizzle-orm";
import type { Currency } from "../../domain/money.ts";
import type { PromotionLimits } from "../../domain/promotions/model.ts";
import type { OrdersTx } from "./db.ts";
import { publishExhaustedPromotions } from "./promotion-exhausted.ts";
import { promotionCodes, promotionCounters, promotionCustomerUses, promotionRedemptions, promotionSpend } from "./schema.ts";

/**
 * Counting promotion uses, inside the checkout transaction: one redemption row per promotion an
 * order uses, and the counters it moves (uses, spend per currency, uses per customer, the
 * single-use code), each taken with one conditional statement. Postgres locks the counter row for
 * the statement and re-checks the condition against the committed value, so concurrent checkouts
 * queue on the row and the limit holds exactly however many race. Releasing gives all of it back
 * once: only a `held` redemption can become `released`.
 *
 * Rows are always taken in promotion id order, before checkout's stock rows,
 * the same order releasing uses, so two transactions never wait on each other in a cycle.
 */
export type TakeFailure = "limit_reached" | "customer_limit_reached" | "budget_exhausted" | "code_used";

export interface Redemption {
  promotionId: string;
  /** The code entered for it (normalised), or null for an automatic promotion. */
  code: string | null;
  /** Whether `code` is a generated single-use code. */
  singleUseCode: boolean;
  /** Discount on goods and shipping together: what counts against the budget. */
  amount: number;
  limits: PromotionLimits;
}

export interface RedemptionContext {
  orderId: string;
  currency: Currency;
  /** A customer id, or `email:<address>` for a guest (guestCustomerKey). */
  customerKey: string;
}

export type TakeResult = { ok: true } | { ok: false; failures: { promotionId: string; code: string | null; reason: TakeFailure }[] };

/** The key per-customer limits count under: the customer's id, or for a guest the email they check out with. */
export function customerKeyOf(customerId: string | undefined, email: string): string {
  return customerId ?? `email:${email.trim().toLowerCase()}`;
}

async function takeUse(tx: OrdersTx, promotionId: string, limit: number | null | undefined): Promise<boolean> {
  const rows = await tx
    .insert(promotionCounters)
    .values({ promotionId, uses: 1 })
    .onConflictDoUpdate({
      target: promotionCounters.promotionId,
      set: { uses: sql`${promotionCounters.uses} + 1` },
      setWhere: limit == null ? undefined : sql`${promotionCounters.uses} < ${limit}`,
    })
    .returning({ uses: promotionCounters.uses });
  return rows.length === 1;
}

/**
 * The budget is never overshot, not even by the last order: a shopper must never be charged a
 * different discount than the one they saw, so an order whose discount does not fit in what is
 * left is refused (and told why) rather than given part of it.
 */
async function takeSpend(tx: OrdersTx, promotionId: string, currency: Currency, amount: number, budget: number | undefined): Promise<boolean> {
  if (budget !== undefined && amount > budget) return false;
  const rows = await tx
    .insert(promotionSpend)
    .values({ promotionId, currency, spent: amount })
    .onConflictDoUpdate({
      target: [promotionSpend.promotionId, promotionSpend.currency],
      set: { spent: sql`${promotionSpend.spent} + ${amount}` },
      setWhere: budget === undefined ? undefined : sql`${promotionSpend.spent} + ${amount} <= ${budget}`,
    })
    .returning({ spent: promotionSpend.spent });
  return rows.length === 1;
}

async function takeCustomerUse(tx: OrdersTx, promotionId: string, customerKey: string, limit: number | null | undefined): Promise<boolean> {
  const rows = await tx
    .insert(promotionCustomerUses)
    .values({ promotionId, customerKey, uses: 1 })
    .onConflictDoUpdate({
      target: [promotionCustomerUses.promotionId, promotionCustomerUses.customerKey],
      set: { uses: sql`${promotionCustomerUses.uses} + 1` },
      setWhere: limit == null ? undefined : sql`${promotionCustomerUses.uses} < ${limit}`,
    })
    .returning({ uses: promotionCustomerUses.uses });
  return rows.length === 1;
}

async function takeCode(tx: OrdersTx, code: string, orderId: string): Promise<boolean> {
  const rows = await tx
    .update(promotionCodes)
    .set({ orderId })
    .where(and(eq(promotionCodes.code, code), sql`${promotionCodes.orderId} is null`))
    .returning({ code: promotionCodes.code });
  return rows.length === 1;
}

/** Takes one promotion's use; the first refusal, or undefined when all of it was taken. */
async function takeOne(tx: OrdersTx, r: Redemption, ctx: RedemptionContext): Promise<TakeFailure | undefined> {
  // The same row order as releaseRedemptions: counter, customer, spend, code.
  if (!(await takeUse(tx, r.promotionId, r.limits.totalUses))) return "limit_reached";
  if (!(await takeCustomerUse(tx, r.promotionId, ctx.customerKey, r.limits.usesPerCustomer))) return "customer_limit_reached";
  const budget = r.limits.budget?.[ctx.currency];
  if (!(await takeSpend(tx, r.promotionId, ctx.currency, r.amount, budget))) return "budget_exhausted";
  if (r.singleUseCode && r.code !== null && !(await takeCode(tx, r.code, ctx.orderId))) return "code_used";
  return undefined;
}

/**
 * Takes the uses of `redemptions`, in a savepoint: on any refusal nothing of it stays taken, and
 * the failures say which promotion ran out of what, so checkout can refuse or re-price.
 */
export async function takeUses(tx: OrdersTx, redemptions: readonly Redemption[], ctx: RedemptionContext): Promise<TakeResult> {
  const sorted = [...redemptions].sort((a, b) => (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0));
  if (sorted.length === 0) return { ok: true };
  try {
    await tx.transaction(async (savepoint) => {
      const failures: { promotionId: string; code: string | null; reason: TakeFailure }[] = [];
      for (const r of sorted) {
        const reason = await takeOne(savepoint, r, ctx);
        if (reason) failures.push({ promotionId: r.promotionId, code: r.code, reason });
      }
      if (failures.length > 0) throw new TakeRefused(failures);
    });
    await publishExhaustedPromotions(tx, sorted, ctx.currency);
    return { ok: true };
  } catch (err) {
    if (err instanceof TakeRefused) return { ok: false, failures: err.failures };
    throw err;
  }
}

class TakeRefused extends Error {
  readonly failures: { promotionId: string; code: string | null; reason: TakeFailure }[];
  constructor(failures: { promotionId: string; code: string | null; reason: TakeFailure }[]) {
    super("promotion uses refused");
    this.failures = failures;
  }
}

/** Records the order's redemptions as `held` (after its row exists); their uses were taken by takeUses. */
export async function recordRedemptions(tx: OrdersTx, redemptions: readonly Redemption[], ctx: RedemptionContext): Promise<void> {
  if (redemptions.length === 0) return;
  await tx.insert(promotionRedemptions).values(
    redemptions.map((r) => ({
      orderId: ctx.orderId,
      promotionId: r.promotionId,
      code: r.code,
      singleUseCode: r.singleUseCode,
      customerKey: ctx.customerKey,
      currency: ctx.currency,
      amount: r.amount,
      status: "held",
    })),
  );
}

/**
 * Gives back every use the order still holds: its use, spend, customer use and single-use code.
 * Only `held` rows move, in the same statement that finds them, so a failure reported twice (or a
 * cancellation racing a failed payment) gives back once. Call it in the transaction that ends the order.
 */
export async function releaseRedemptions(tx: OrdersTx, orderId: string): Promise<number> {
  const released = await tx
    .update(promotionRedemptions)
    .set({ status: "released", updatedAt: new Date() })
    .where(and(eq(promotionRedemptions.orderId, orderId), eq(promotionRedemptions.status, "held")))
    .returning();
  released.sort((a, b) => (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0));
  for (const r of released) {
    await tx.update(promotionCounters).set({ uses: sql`${promotionCounters.uses} - 1` }).where(eq(promotionCounters.promotionId, r.promotionId));
    await tx
      .update(promotionCustomerUses)
      .set({ uses: sql`${promotionCustomerUses.uses} - 1` })
      .where(and(eq(promotionCustomerUses.promotionId, r.promotionId), eq(promotionCustomerUses.customerKey, r.customerKey)));
    await tx
      .update(promotionSpend)
      .set({ spent: sql`${promotionSpend.spent} - ${r.amount}` })
      .where(and(eq(promotionSpend.promotionId, r.promotionId), eq(promotionSpend.currency, r.currency)));
    if (r.singleUseCode && r.code !== null) {
      await tx.update(promotionCodes).set({ orderId: null }).where(and(eq(promotionCodes.code, r.code), eq(promotionCodes.orderId, orderId)));
    }
  }
  return released.length;
}

/** The order was paid: its held uses are final. However often payment success is reported, they stay counted once. */
export async function confirmRedemptions(tx: OrdersTx, orderId: string): Promise<void> {
  await tx
    .update(promotionRedemptions)
    .set({ status: "confirmed", updatedAt: new Date() })
    .where(and(eq(promotionRedemptions.orderId, orderId), eq(promotionRedemptions.status, "held")));
}

/** The order's redemptions, by promotion (for tests and the order's own record). */
export async function redemptionsOf(tx: Pick<OrdersTx, "select">, orderId: string) {
  return tx.select().from(promotionRedemptions).where(eq(promotionRedemptions.orderId, orderId)).orderBy(asc(promotionRedemptions.promotionId));
}

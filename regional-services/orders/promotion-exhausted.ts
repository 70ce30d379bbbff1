import { eq } from "drizzle-orm";
import { PROMOTION_BUDGET_EXHAUSTED, type PromotionBudgetExhausted } from "../../contracts/orders/events.ts";
import type { Currency } from "../../domain/money.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { OrdersTx } from "./db.ts";
import type { Redemption } from "./promotion-redemptions.ts";
import { promotionCounters, promotionExhaustedNotices, promotionSpend } from "./schema.ts";

/**
 * `promotion.budget_exhausted`: published by the checkout that takes a promotion's last use or the
 * last of its discount budget in some currency, in that checkout's transaction, once per
 * promotion (a notice row is the proof). Uses given back by a cancelled order later do not re-arm
 * it: the merchant has been told the promotion ran dry, and sees its usage in the admin.
 */
export async function publishExhaustedPromotions(tx: OrdersTx, redemptions: readonly Redemption[], currency: Currency): Promise<void> {
  for (const r of redemptions) {
    const budget = r.limits.budget?.[currency];
    if (r.limits.totalUses == null && budget === undefined) continue;
    const [counter] = await tx.select({ uses: promotionCounters.uses }).from(promotionCounters).where(eq(promotionCounters.promotionId, r.promotionId));
    const uses = counter?.uses ?? 0;
    const spendRows = await tx.select({ currency: promotionSpend.currency, spent: promotionSpend.spent }).from(promotionSpend).where(eq(promotionSpend.promotionId, r.promotionId));
    const spent = Object.fromEntries(spendRows.map((s) => [s.currency, s.spent]));
    const limit = r.limits.totalUses != null && uses >= r.limits.totalUses ? "uses" : budget !== undefined && (spent[currency] ?? 0) >= budget ? "budget" : undefined;
    if (!limit) continue;
    const told = await tx.insert(promotionExhaustedNotices).values({ promotionId: r.promotionId }).onConflictDoNothing().returning({ promotionId: promotionExhaustedNotices.promotionId });
    if (told.length === 0) continue;
    const payload: PromotionBudgetExhausted = { promotionId: r.promotionId, limit, uses, spent };
    await appendEvent(tx, PROMOTION_BUDGET_EXHAUSTED, r.promotionId, payload);
  }
}

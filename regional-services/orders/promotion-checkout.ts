import type { OrderPricing } from "../../domain/checkout.ts";
import type { PricedLine } from "../../domain/lines.ts";
import type { AppliedPromotion } from "../../domain/promotions/applied.ts";
import { AppError } from "../../platform/errors.ts";
import type { CheckoutRequest } from "../../contracts/orders/api.ts";
import type { OrdersTx } from "./db.ts";
import { loadPromotionContext, redemptionsFor, usageReason, type PromotionContext, type UsageReason } from "./checkout-promotions.ts";
import { pricePromotions, type PricingInput } from "./promotion-pricing.ts";
import { takeUses, type Redemption, type RedemptionContext, type TakeFailure } from "./promotion-redemptions.ts";

/**
 * Checkout's promotion step: evaluate with what the orders service knows, then take the uses.
 * The order service's answer is the one that counts, and a shopper is never charged a total they
 * were not shown:
 * - an entered code that does not apply, or whose last use another checkout just took, refuses
 *   the order (PROMOTION_NOT_APPLICABLE, each code with its reason);
 * - an automatic promotion that ran out is dropped and the order re-priced; when the cart's
 *   `expectedTotal` no longer holds, the order is refused (TOTAL_CHANGED) rather than charged.
 */
export interface PricedWithPromotions extends OrderPricing {
  redemptions: Redemption[];
  redemptionContext: RedemptionContext;
}

const WHY: Record<TakeFailure, string> = {
  limit_reached: "has been used as often as it may be",
  customer_limit_reached: "has been used as often as one customer may use it",
  budget_exhausted: "has no budget left for this order",
  code_used: "has already been used",
};

function notApplicable(promotions: { code: string; reason: string; message: string }[]): AppError {
  return new AppError("PROMOTION_NOT_APPLICABLE", promotions.map((p) => p.message).join("; "), { promotions: promotions.map(({ code, reason }) => ({ code, reason })) });
}

/** The promotions the cart's preview (no uses, no customer history) applied that this order does not, or not in full. */
function changedPromotions(input: PricingInput, ctx: PromotionContext, actual: readonly AppliedPromotion[], gone: ReadonlyMap<string, UsageReason>) {
  const preview = pricePromotions(input, ctx.definitions, ctx, true);
  const now = new Map(actual.map((a) => [a.promotionId, a.amount + a.shippingAmount]));
  const byId = new Map(ctx.definitions.map((d) => [d.id, d]));
  return (preview.ok ? preview.promotions : [])
    .filter((p) => now.get(p.promotionId) !== p.amount + p.shippingAmount)
    .map((p) => {
      const def = byId.get(p.promotionId);
      const reason = gone.get(p.promotionId) ?? (def ? usageReason(def, ctx.usage.get(p.promotionId), input.currency, ctx.customer) : "limit_reached");
      return { promotionId: p.promotionId, code: p.code, description: p.description, reason };
    });
}

export async function priceWithPromotions(
  tx: OrdersTx,
  request: CheckoutRequest,
  orderId: string,
  lines: readonly PricedLine[],
  offers: PricingInput["offers"],
  now: Date,
): Promise<PricedWithPromotions> {
  const ctx = await loadPromotionContext(tx, request, now);
  const input: PricingInput = { lines, offers, currency: request.currency, codes: request.promotionCodes, shippingCountry: request.shippingAddress.country, now: now.getTime() };
  const redemptionContext: RedemptionContext = { orderId, currency: request.currency, customerKey: ctx.customerKey };
  // Automatic promotions whose uses ran out between the snapshot and the take; each round drops at least one.
  const gone = new Map<string, UsageReason>();
  for (;;) {
    const pricing = pricePromotions(
      input,
      ctx.definitions.filter((d) => !gone.has(d.id)),
      ctx,
    );
    if (!pricing.ok) throw notApplicable(pricing.refused.map((r) => ({ code: r.code, reason: r.why, message: r.reason })));
    if (request.expectedTotal !== undefined && pricing.totals.total !== request.expectedTotal) {
      const promotions = changedPromotions(input, ctx, pricing.promotions, gone);
      throw new AppError("TOTAL_CHANGED", "the total has changed since your cart was priced: a promotion it showed no longer applies", {
        expected: request.expectedTotal,
        actual: pricing.totals.total,
        promotions,
      });
    }
    const redemptions = redemptionsFor(pricing.promotions, ctx);
    const taken = await takeUses(tx, redemptions, redemptionContext);
    if (taken.ok) return { totals: pricing.totals, lines: pricing.lines, promotions: pricing.promotions, redemptions, redemptionContext };
    const entered = taken.failures.filter((f) => f.code !== null);
    if (entered.length > 0) throw notApplicable(entered.map((f) => ({ code: f.code ?? "", reason: f.reason, message: `${f.code ?? ""} ${WHY[f.reason]}` })));
    for (const f of taken.failures) gone.set(f.promotionId, f.reason === "code_used" ? "limit_reached" : f.reason);
  }
}

import type { AppliedPromotionResult } from "./model.ts";

/**
 * What a cart, a checkout and an order show of a promotion that applied: how much it gave on
 * goods and on shipping, and per line (keys: the cart line id in a cart, the line's position as a
 * string in an order). contracts/orders/api.ts validates it on the wire; orders store it as jsonb.
 */
export interface AppliedPromotion {
  promotionId: string;
  /** The code it was entered with (normalised); null for an automatic promotion. */
  code: string | null;
  description: string;
  /** Discount on goods, minor units. */
  amount: number;
  /** Discount on shipping, minor units. */
  shippingAmount: number;
  freeShipping: boolean;
  lines: { key: string; amount: number }[];
}

export function toAppliedPromotion(r: AppliedPromotionResult): AppliedPromotion {
  return {
    promotionId: r.promotionId,
    code: r.code,
    description: r.description,
    amount: r.amount,
    shippingAmount: r.shippingAmount,
    freeShipping: r.freeShipping,
    lines: r.lines.map((l) => ({ key: l.key, amount: l.amount })),
  };
}

import type { Currency } from "../money.ts";

/**
 * The promotion model every part of edgeshop shares: the catalog service stores and publishes
 * definitions in this shape (contracts/promotions/definition.ts validates it), the orders service
 * keeps a replica and counts uses, and the edge and the CartObject preview discounts with the same
 * engine (engine.ts). Plain data, no I/O; money in integer minor units per currency.
 */

/** What a promotion discounts, and the class it belongs to for combination rules. */
export const PROMOTION_TARGETS = ["product", "order", "shipping"] as const;
/** `product`: the matching lines only; `order`: the whole order's goods; `shipping`: the shipping charge. */
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

export const PROMOTION_STATUSES = ["draft", "active", "paused", "archived"] as const;
/**
 * Only `active` promotions apply, and only inside their window; `draft` was never switched on,
 * `paused` can be switched on again, `archived` is final (kept for the record of its uses).
 */
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export type PerCurrency = Partial<Record<Currency, number>>;

/**
 * One step of a tiered promotion: reaching the threshold (a unit count, or a subtotal per currency,
 * of the target's lines) earns the reward. Every tier of one promotion uses the same threshold kind.
 */
export type TierThreshold = { minQuantity: number } | { minSubtotal: PerCurrency };
export type TierReward = { basisPoints: number } | { amountOff: PerCurrency };
export type Tier = TierThreshold & TierReward;

export type PromotionEffect =
  /** Percentage off the target, in basis points (1000 = 10 %). */
  | { kind: "percentage"; basisPoints: number }
  /** Amount off: off each matching unit for `product`, once off the order for `order`, off shipping for `shipping`. */
  | { kind: "fixed_amount"; amountOff: PerCurrency }
  /** Each matching unit sells at this price (never raised: a cheaper unit stays as it is). `product` only. */
  | { kind: "fixed_price"; price: PerCurrency }
  /**
   * Buy `buy` get `get` among the matching units: once per multiple of buy + get, up to
   * `maxApplications`; the units given are the cheapest ones, discounted by `basisPoints`
   * (10000 = free). `product` only.
   */
  | { kind: "buy_x_get_y"; buy: number; get: number; basisPoints: number; maxApplications?: number | null | undefined }
  /** Shipping costs nothing. `shipping` only. */
  | { kind: "free_shipping" }
  /** The highest tier reached applies ("spend 100 save 10, spend 200 save 25"; "10 % off 3+ items"). `product` or `order`. */
  | { kind: "tiered"; tiers: Tier[] };

export type PromotionKind = PromotionEffect["kind"];

/** Who and what a promotion is for. Every condition given must hold; none given means everyone. */
export interface PromotionConditions {
  /** Lines of these products (ids) match; with variants and categories, a line matching any of the three matches. */
  productIds?: string[] | undefined;
  variantIds?: string[] | undefined;
  /** Category slugs; a product in a descendant category matches too (lines carry their category path). */
  categorySlugs?: string[] | undefined;
  /** Minimum subtotal before discounts per currency, of the matching lines for `product`, of the order otherwise. */
  minSubtotal?: PerCurrency | undefined;
  /** Minimum units, counted as minSubtotal is. */
  minQuantity?: number | undefined;
  /** Only orders in these currencies. */
  currencies?: Currency[] | undefined;
  signedInOnly?: boolean | undefined;
  /** The customer has no earlier paid order (implies signed in). */
  firstOrderOnly?: boolean | undefined;
  customerIds?: string[] | undefined;
  /** The customer has at least one of these tags. */
  customerTags?: string[] | undefined;
}

export interface PromotionLimits {
  /** Discounted orders in all; null for no limit. */
  totalUses?: number | null | undefined;
  /** Discounted orders per customer (guests are counted by email). */
  usesPerCustomer?: number | null | undefined;
  /** Total discount the promotion may give, per currency; it is never exceeded (see orders). */
  budget?: PerCurrency | undefined;
}

export interface PromotionCombination {
  /** False: this promotion applies alone (the shopper gets the better of the exclusive options). */
  combinable: boolean;
  /** The classes (targets) it combines with; both sides must name each other. */
  combinesWith: PromotionTarget[];
  /** Higher applies first among the promotions that combine; ties break on id. */
  priority: number;
}

export interface PromotionDefinition {
  id: string;
  /** The merchant's name for it ("Black Friday 20 %"). */
  name: string;
  /** What the shopper sees ("20 % off everything"). */
  description: string;
  status: PromotionStatus;
  /** `automatic` applies without a code; `code` needs one of `codes` or a generated single-use code. */
  activation: "automatic" | "code";
  /** Reusable codes, normalised (trimmed, upper case). Generated single-use codes are stored apart. */
  codes: string[];
  target: PromotionTarget;
  effect: PromotionEffect;
  conditions: PromotionConditions;
  limits: PromotionLimits;
  combination: PromotionCombination;
  /** ISO 8601; null for no bound. */
  startsAt: string | null;
  endsAt: string | null;
  updatedAt: string;
}

/** A cart or order line as the engine sees it. */
export interface EngineLine {
  /** Unique within the input (cart line id, or position for an order); results are keyed by it. */
  key: string;
  variantId: string;
  productId: string;
  /** The product's category and all its ancestors (slugs), so a category condition covers descendants. */
  categorySlugs: readonly string[];
  unitPrice: number;
  quantity: number;
}

export interface EngineCustomer {
  /** Signed-in customer id; undefined for a guest. */
  id?: string | undefined;
  tags?: readonly string[] | undefined;
  /** Known only where orders are (the orders service); undefined in a preview counts as "yes". */
  isFirstOrder?: boolean | undefined;
}

/** What the orders service knows of a promotion's use so far; absent in a preview. */
export interface PromotionUsage {
  uses: number;
  customerUses: number;
  /** Discount given so far in the order's currency. */
  spent: number;
}

export interface EngineInput {
  currency: Currency;
  lines: readonly EngineLine[];
  /** Codes the shopper entered, in any order and case. */
  codes: readonly string[];
  customer: EngineCustomer;
  /** Shipping before any promotion (domain/shipping-tax.ts), so shipping promotions know what they waive. */
  shipping: number;
  /** ms since epoch: schedules are judged against it. */
  now: number;
  /** Generated single-use codes, resolved by the caller: normalised code → promotion id (and whether already used). */
  singleUseCodes?: ReadonlyMap<string, { promotionId: string; used: boolean }> | undefined;
  usage?: ReadonlyMap<string, PromotionUsage> | undefined;
}

export const REJECTION_REASONS = [
  "unknown_code",
  "not_active",
  "not_started",
  "ended",
  "currency",
  "min_subtotal",
  "min_quantity",
  "no_matching_lines",
  "signed_in_only",
  "first_order_only",
  "customer_not_eligible",
  "limit_reached",
  "customer_limit_reached",
  "budget_exhausted",
  "code_used",
  "not_combinable",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface AppliedLineDiscount {
  key: string;
  amount: number;
}

/** One promotion the engine applied, and exactly what it gave. */
export interface AppliedPromotionResult {
  promotionId: string;
  /** The code the shopper entered for it (normalised), or null for an automatic promotion. */
  code: string | null;
  description: string;
  target: PromotionTarget;
  /** Discount on goods, minor units (sum of `lines`). */
  amount: number;
  /** Discount on shipping, minor units. */
  shippingAmount: number;
  /** It waives shipping altogether (a free-shipping promotion), whatever shipping came to. */
  freeShipping: boolean;
  /** Per input line key it discounted (lines it gave nothing are left out). */
  lines: AppliedLineDiscount[];
}

/** A code the shopper entered that does not apply, and why (for the shopper). */
export interface RejectedCode {
  code: string;
  promotionId: string | null;
  reason: RejectionReason;
  message: string;
}

export interface EngineResult {
  applied: AppliedPromotionResult[];
  rejected: RejectedCode[];
  /** Per input line key: its total discount from every applied promotion. */
  lineDiscounts: ReadonlyMap<string, number>;
  discountTotal: number;
  shippingDiscount: number;
}

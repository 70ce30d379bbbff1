import { addLine, fail, removeLine, setLineQuantity, type CartLine, type ShippingAddress } from "../../domain/cart.ts";
import { customerAfterFindings, isCustomerReason, usageOfUsedUp, usedUpMessage, USED_UP_NOTICE_MS, type UsedUpReason } from "../../domain/promotions/used-up.ts";
import { checkEmail, checkShippingAddress } from "../../domain/cart-contact.ts";
import { mergeLines } from "../../domain/cart-merge.ts";
import { buildCartView, codeRefusal, type CartState, type CartView } from "../../domain/cart-view.ts";
import { mergeWarnings, refreshLines, warningsAfterChange } from "../../domain/cart-warnings.ts";
import type { SellableVariant } from "../../domain/catalog.ts";
import type { Currency } from "../../domain/money.ts";
import { findPromotion, MAX_PROMOTION_CODES, normalizeCode } from "../../domain/promotions/codes.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import type { PromotionContext } from "../../domain/totals.ts";
import type { ResolvedCode } from "./cart-promotions.ts";
import { withSalePrices } from "./cart-sale-prices.ts";
import type { CartStore } from "./cart-store.ts";
import type { AddItemInput, CartResult, MergeFromResult } from "./cart-results.ts";

/** Who is asking, and when: customer conditions and schedules are judged on these. */
export interface Shopper {
  customerId: string | undefined;
  /** The customer's tags as the edge told the cart at sign-in (a preview; orders decides). */
  tags: readonly string[];
  now: number;
}

/**
 * The cart's operations over its store: read, decide with the shared domain rules, write.
 * Every method is synchronous, so each runs as one uninterrupted step inside the object.
 * Lock checks and expiry belong to the caller (CartObject), which knows the clock and alarms.
 */
export class CartOperations {
  readonly #store: CartStore;
  readonly #cartId: string;
  readonly #shopper: () => Shopper;

  /** `shopper` tells who is asking and when, for the call being served (the object knows). */
  constructor(store: CartStore, cartId: string, shopper: () => Shopper) {
    this.#store = store;
    this.#cartId = cartId;
    this.#shopper = shopper;
  }

  /** The promotions the edge last handed this cart (the store parses them once per catalog version). */
  #definitions(): readonly PromotionDefinition[] {
    return this.#store.promotionDefinitions();
  }

  /** Who is shopping, now, and the generated codes on the cart (the engine cannot find those in definitions). */
  #context(extra?: ResolvedCode): PromotionContext {
    const { customerId, tags, now } = this.#shopper();
    const singleUse = this.#store.storedCodes().filter((c) => c.singleUse && c.promotionId !== null);
    if (extra?.singleUse) singleUse.push({ code: extra.code, promotionId: extra.promotionId, singleUse: true });
    const findings = this.#store.notes.usedUpPromotions(now);
    return {
      // A guest has no tags; checkout's findings correct what the cart was told at sign-in.
      customer: customerAfterFindings({ id: customerId, tags: customerId === undefined ? [] : tags }, findings, this.#definitions()),
      now,
      // What checkout told this cart: used-up promotions are previewed as checkout will price them.
      usage: usageOfUsedUp(findings),
      // Whether a code was used is known to the orders service only; a preview assumes not.
      singleUseCodes: new Map(singleUse.map((c) => [c.code, { promotionId: c.promotionId ?? "", used: false }])),
    };
  }

  /** An empty cart shows in the shopper's currency; once it has lines, in its own. */
  view(preferred?: Currency, locked = false): CartView {
    const view = buildCartView(this.#state(preferred, locked), this.#definitions(), this.#context());
    const usedUp = this.#store.notes.usedUpPromotions(this.#shopper().now);
    if (usedUp.length === 0) return view;
    const described = new Map(this.#definitions().map((d) => [d.id, d.description]));
    const notices = usedUp.flatMap((p) => {
      const description = described.get(p.promotionId);
      return description === undefined ? [] : [{ code: "PROMOTION_UNAVAILABLE" as const, promotionId: p.promotionId, message: usedUpMessage(description, p.reason) }];
    });
    return { ...view, warnings: [...view.warnings, ...notices] };
  }

  /**
   * Checkout found these promotions used up (by promotion id, or by the code the shopper entered):
   * the cart previews without them for a while, with a notice, so the next checkout's total holds.
   */
  notePromotionsUsedUp(found: readonly { promotionId?: string | undefined; code?: string | undefined; reason: UsedUpReason }[]): CartResult {
    const { now } = this.#shopper();
    const byCode = new Map(this.#store.storedCodes().map((c) => [c.code, c.promotionId]));
    // A finding about the customer is kept only for a promotion the cart shows: checkout lists
    // every tag-limited promotion it did not apply, and the cart need not hear of the others.
    const shown = new Set(this.view().promotions.flatMap((p) => (p.applied && p.promotionId !== null ? [p.promotionId] : [])));
    const list = found.flatMap((f) => {
      const promotionId = f.promotionId ?? (f.code === undefined ? null : byCode.get(normalizeCode(f.code)) ?? this.#definitions().find((d) => d.codes.includes(normalizeCode(f.code ?? "")))?.id ?? null);
      if (promotionId && isCustomerReason(f.reason) && !shown.has(promotionId)) return [];
      return promotionId ? [{ promotionId, reason: f.reason, until: now + USED_UP_NOTICE_MS }] : [];
    });
    this.#store.notes.noteUsedUp(list, now);
    return this.#ok();
  }

  #state(preferred?: Currency, locked = false): CartState {
    const meta = this.#store.meta();
    const stored = this.#store.lines();
    const currency = (stored.length > 0 ? meta.currency : (preferred ?? meta.currency)) ?? "USD";
    const now = this.#shopper().now;
    // A reserved flash-sale line shows the price checkout will charge for it.
    const lines = withSalePrices(stored, this.#store.notes.saleReservations(now), currency, now);
    return {
      id: this.#cartId,
      currency,
      lines,
      promotionCodes: this.#store.promotionCodes(),
      email: meta.email ?? undefined,
      shippingAddress: meta.shippingAddress ?? undefined,
      warnings: meta.warnings,
      locked,
      pricesCheckedAt: meta.pricesCheckedAt,
    };
  }

  #ok(): CartResult {
    return { ok: true, cart: this.view() };
  }

  /** Records a shopper's own change: past-event notices have now been seen. */
  #changed(lines: readonly CartLine[], patch: { currency?: Currency | null } = {}): void {
    this.#store.updateMeta({ ...patch, warnings: warningsAfterChange(this.#store.meta().warnings, lines) });
  }

  addItem(input: AddItemInput, newLineId: string): CartResult {
    const lines = this.#store.lines();
    const fixed = lines.length > 0 ? this.#store.meta().currency : null;
    const currency = fixed ?? input.currency;
    const result = addLine(lines, input.variant, input.quantity, currency, newLineId);
    if (!result.ok) {
      if (result.code === "PRICE_UNAVAILABLE" && currency !== input.currency) {
        return fail("CURRENCY_MISMATCH", `this cart is in ${currency}; ${input.variant.title} has no ${currency} price`, "variantId");
      }
      return result;
    }
    this.#store.saveLine(result.line);
    this.#changed(result.lines, { currency });
    return this.#ok();
  }

  updateItem(lineId: string, quantity: number): CartResult {
    const result = setLineQuantity(this.#store.lines(), lineId, quantity);
    if (!result.ok) return result;
    this.#store.saveLine(result.line);
    this.#changed(result.lines);
    return this.#ok();
  }

  removeItem(lineId: string): CartResult {
    const result = removeLine(this.#store.lines(), lineId);
    if (!result.ok) return result;
    this.#store.deleteLine(lineId);
    // An emptied cart may be refilled in another currency.
    this.#changed(result.lines, result.lines.length === 0 ? { currency: null } : {});
    return this.#ok();
  }

  /**
   * A code as the edge resolved it (generated single-use codes come resolved), or as typed when it
   * is a reusable code of the snapshot. It is kept with its promotion only if it applies now.
   */
  applyPromotion(entered: string | ResolvedCode): CartResult {
    const normalized = normalizeCode(typeof entered === "string" ? entered : entered.code);
    const definitions = this.#definitions();
    const reusable = findPromotion(normalized, definitions);
    const resolved: ResolvedCode | undefined = reusable
      ? { code: normalized, promotionId: reusable.id, singleUse: false }
      : typeof entered === "string" ? undefined : { code: normalized, promotionId: String(entered.promotionId), singleUse: entered.singleUse === true };
    if (!resolved || !definitions.some((d) => d.id === resolved.promotionId)) {
      return fail("PROMOTION_NOT_FOUND", `${normalized} is not a valid promotion code`, "code");
    }
    const codes = this.#store.promotionCodes();
    if (codes.includes(normalized)) return this.#ok();
    if (codes.length >= MAX_PROMOTION_CODES) {
      return fail("TOO_MANY_PROMOTIONS", `at most ${MAX_PROMOTION_CODES} promotion codes per cart`, "code");
    }
    const refusal = codeRefusal(this.#state(), definitions, normalized, this.#context(resolved));
    if (refusal !== null) return fail("PROMOTION_NOT_APPLICABLE", refusal, "code");
    this.#store.addPromotion(normalized, resolved);
    return this.#ok();
  }

  /** Removing a code that is not applied is not an error: the cart ends up as asked. */
  removePromotion(code: string): CartResult {
    this.#store.removePromotion(normalizeCode(code));
    return this.#ok();
  }

  setEmail(email: string): CartResult {
    const checked = checkEmail(String(email));
    if (!checked.ok) return checked;
    this.#store.updateMeta({ email: checked.value });
    return this.#ok();
  }

  setShippingAddress(address: ShippingAddress): CartResult {
    const checked = checkShippingAddress(address);
    if (!checked.ok) return checked;
    this.#store.updateMeta({ shippingAddress: checked.value });
    return this.#ok();
  }

  refreshPrices(variants: readonly SellableVariant[], now: number): CartResult {
    const meta = this.#store.meta();
    const lines = this.#store.lines();
    if (lines.length === 0 || !meta.currency) return this.#ok();
    const result = refreshLines(lines, variants, meta.currency, meta.warnings);
    for (const line of result.changed) this.#store.saveLine(line);
    this.#store.updateMeta({ warnings: result.warnings, pricesCheckedAt: now });
    return this.#ok();
  }

  /**
   * The cart is held by a checkout, so another cart's lines (sign-in) wait for the hold to end
   * instead of being refused. One waiting merge per source, and none for a source already merged.
   */
  deferMerge(sourceCartId: string, lines: readonly CartLine[], currency: Currency): MergeFromResult {
    if (sourceCartId === this.#cartId || this.#store.merges.hasMerged(sourceCartId)) return { ok: true, merged: false, cart: this.view(undefined, true) };
    if (!this.#store.merges.hasPending(sourceCartId)) this.#store.merges.addPending({ sourceCartId, lines: [...lines], currency });
    return { ok: true, merged: false, deferred: true, cart: this.view(undefined, true) };
  }

  /** The hold ended: the merges that waited for it are applied, each once. Returns whether any were. */
  applyPendingMerges(newLineId: () => string): boolean {
    const pending = this.#store.merges.pending();
    for (const merge of pending) {
      this.mergeFrom(merge.sourceCartId, merge.lines, merge.currency, newLineId);
      this.#store.merges.deletePending(merge.sourceCartId);
    }
    return pending.length > 0;
  }

  /** Idempotent per source cart: the merge record is written in the same step as the lines. */
  mergeFrom(sourceCartId: string, lines: readonly CartLine[], currency: Currency, newLineId: () => string): MergeFromResult {
    if (sourceCartId === this.#cartId || this.#store.merges.hasMerged(sourceCartId)) {
      return { ok: true, merged: false, cart: this.view() };
    }
    const meta = this.#store.meta();
    const target = this.#store.lines();
    const targetCurrency = target.length > 0 ? meta.currency : currency;
    this.#store.merges.recordMerge(sourceCartId);
    if (targetCurrency !== currency) {
      const notes = lines.map((l) => ({ variantId: l.variantId, title: l.title, reason: "OTHER_CURRENCY" as const }));
      this.#store.updateMeta({ warnings: [...meta.warnings, ...mergeWarnings(notes)] });
      return { ok: true, merged: true, cart: this.view() };
    }
    const result = mergeLines(target, lines, newLineId);
    for (const line of result.changed) this.#store.saveLine(line);
    this.#store.updateMeta({ currency: targetCurrency, warnings: [...meta.warnings, ...mergeWarnings(result.notes)] });
    return { ok: true, merged: true, cart: this.view() };
  }
}

import { DurableObject } from "cloudflare:workers";
import { isUsedUpReason } from "../../domain/promotions/used-up.ts";
import { MAX_CUSTOMER_TAGS } from "../../contracts/customers/tags.ts";
import { fail, type CartLine, type ShippingAddress } from "../../domain/cart.ts";
import type { CartView } from "../../domain/cart-view.ts";
import type { SellableVariant } from "../../domain/catalog.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import { abortCheckout, beginCheckout, checkoutState, completeCheckout } from "./cart-checkout.ts";
import { cartExpiresAt } from "./cart-expiry.ts";
import { cartLocked, lockState, NO_LOCK } from "./cart-lock.ts";
import { CartOperations } from "./cart-operations.ts";
import type { AddItemInput, BeginCheckoutResult, CartFailure, CartResult, CheckoutState, MergeFromResult } from "./cart-results.ts";
import { nextSettleCheck, settleHold, type SettleOutcome } from "./cart-settle.ts";
import { isPromotionInput, parsePromotionSnapshot, type CartPromotionInput, type ResolvedCode } from "./cart-promotions.ts";
import { isSaleReservationNote, liveSaleToken } from "./cart-sale-prices.ts";
import { CartStore, type CartTimers } from "./cart-store.ts";
import { lookupHoldOrder } from "./hold-order-lookup.ts";

export type * from "./cart-results.ts";

/** A held cart viewed again and again asks orders about its hold at most this often. */
const VIEW_SETTLE_INTERVAL_MS = 2_000;

function earliest(timers: CartTimers): number | null {
  const due = [timers.expire, timers.settle].filter((t) => t !== null);
  return due.length > 0 ? Math.min(...due) : null;
}

/**
 * One cart, one object: every change to a cart is serialised through this single writer, so two
 * tabs adding at once never lose a line. A thin shell: the rules live in domain/, the SQL in
 * CartStore. Each method reads, decides and writes synchronously, and only then awaits (the
 * expiry alarm), so no other call can interleave between the read and the write.
 */
export class CartObject extends DurableObject<Env> {
  readonly #store: CartStore;
  readonly #ops: CartOperations;
  readonly #cartId: string;
  #lastSettleLookupAt = 0;
  /** When the alarm is set for, as this instance last set it (undefined: not known). */
  #alarmAt: number | undefined;
  /** The signed-in customer the edge last named (from `promotions`), for customer conditions. */
  #customerId: string | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#cartId = ctx.id.name ?? ctx.id.toString();
    this.#store = new CartStore(ctx.storage.sql);
    this.#ops = new CartOperations(this.#store, this.#cartId, () => ({
      customerId: this.#customerId,
      tags: this.#customerId === undefined ? [] : this.#store.notes.customerTags(this.#customerId),
      now: Date.now(),
    }));
    void ctx.blockConcurrencyWhile(async () => this.#store.createTables());
  }

  /**
   * Methods that show the cart take the edge's promotion snapshot (`promotions`): the object keeps
   * the newest it was given and previews discounts with it, so a merchant's change shows in the
   * cart as soon as the edge has read it. Without one, the last snapshot kept is used.
   */
  #usePromotions(promotions: unknown): void {
    // A cart belongs to one shopper, so a call without the input keeps the last one's customer.
    if (!isPromotionInput(promotions)) return;
    const kept = this.#store.promotionSnapshotVersion();
    if (kept === null || promotions.snapshot.version > kept) {
      const snapshot = parsePromotionSnapshot(promotions.snapshot);
      if (snapshot) this.#store.savePromotionSnapshot(snapshot);
    }
    this.#customerId = typeof promotions.customerId === "string" ? promotions.customerId : undefined;
  }

  view(preferredCurrency?: Currency, promotions?: CartPromotionInput): CartView {
    this.#usePromotions(promotions);
    const lock = lockState(this.#store.meta(), Date.now());
    // A merge that waited for a hold joins at the latest at the first view after the hold ended.
    if (lock === "none") this.#joinPendingMerges();
    return this.#ops.view(isCurrency(preferredCurrency) ? preferredCurrency : undefined, lock === "active");
  }

  addItem(input: AddItemInput, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.addItem(input, crypto.randomUUID()));
  }

  updateItem(lineId: string, quantity: number, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.updateItem(lineId, quantity));
  }

  removeItem(lineId: string, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.removeItem(lineId));
  }

  /**
   * A code as the edge resolved it against the catalog (with its promotion), or as typed, when
   * it is one of the snapshot's reusable codes.
   */
  applyPromotion(code: string | ResolvedCode, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.applyPromotion(code));
  }

  removePromotion(code: string, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.removePromotion(String(code)));
  }

  setEmail(email: string, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.setEmail(email));
  }

  setShippingAddress(address: ShippingAddress, promotions?: CartPromotionInput): Promise<CartResult> {
    this.#usePromotions(promotions);
    return this.#change(() => this.#ops.setShippingAddress(address));
  }

  /**
   * The customer's tags as the customers service answered at sign-in: the preview of tag-limited
   * promotions uses them until the next sign-in (or until checkout finds them changed). Not a
   * shopper change, so it does not extend expiry.
   */
  setCustomerTags(customerId: string, tags: unknown): void {
    // RPC arguments arrive unchecked: only strings are kept, as many as an account may have.
    const list = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string").slice(0, MAX_CUSTOMER_TAGS) : [];
    if (typeof customerId === "string" && customerId !== "") this.#store.notes.saveCustomerTags(customerId, list, Date.now());
  }

  /**
   * The edge reserved flash-sale units for this cart's shopper: the line of that variant shows the
   * sale price while the reservation lives, and checkout carries its token. Not a shopper change.
   */
  noteFlashSaleReservation(note: unknown): boolean {
    if (!isSaleReservationNote(note)) return false;
    this.#store.notes.saveSaleReservation(note, Date.now());
    return true;
  }

  /** The reservation was settled unused (its order failed or never came): the line is at the regular price again. */
  forgetFlashSaleReservation(token: string): void {
    if (typeof token === "string") this.#store.notes.forgetSaleReservation(token);
  }

  /** Checkout found these promotions used up; not a shopper change, so it does not extend expiry. */
  notePromotionsUsedUp(found: unknown): CartResult {
    const entries = (Array.isArray(found) ? found : []).flatMap((f: unknown) => {
      if (typeof f !== "object" || f === null) return [];
      const { promotionId, code, reason } = f as Record<string, unknown>;
      if (!isUsedUpReason(reason)) return [];
      return [{ promotionId: typeof promotionId === "string" ? promotionId : undefined, code: typeof code === "string" ? code : undefined, reason }];
    });
    return this.#ops.notePromotionsUsedUp(entries);
  }

  /** Fresh catalog data for the cart's variants; not a shopper change, so it does not extend expiry. */
  refreshPrices(variants: SellableVariant[], promotions?: CartPromotionInput): CartResult {
    this.#usePromotions(promotions);
    if (lockState(this.#store.meta(), Date.now()) === "active") return cartLocked();
    return this.#ops.refreshPrices(Array.isArray(variants) ? variants : [], Date.now());
  }

  /**
   * Folds another cart's lines in (sign-in). Applying the same source twice adds nothing. While a
   * checkout holds the cart the lines are set aside (`deferred`) and join when the hold ends, so a
   * sign-in is never refused for a checkout running in another browser.
   */
  mergeFrom(sourceCartId: string, lines: CartLine[], currency: Currency): Promise<MergeFromResult> {
    if (!isCurrency(currency) || !Array.isArray(lines)) {
      return Promise.resolve(fail("INVALID_ARGUMENT", "mergeFrom needs the source lines and their currency"));
    }
    if (lockState(this.#store.meta(), Date.now()) === "active") return Promise.resolve(this.#ops.deferMerge(String(sourceCartId), lines, currency));
    return this.#change(() => this.#ops.mergeFrom(String(sourceCartId), lines, currency, () => crypto.randomUUID()));
  }

  /** Holds the cart, and has the alarm ask orders about the hold until it is settled (cart-settle.ts). */
  async beginCheckout(idempotencyKey: string): Promise<BeginCheckoutResult> {
    const now = Date.now();
    const result = beginCheckout(this.#store, this.#ops, idempotencyKey, now);
    if (!result.ok) return result;
    // A cart whose expiry alarm predates the timers table gets its lifetime recorded, so the settle
    // alarm cannot replace it.
    const expireAt = this.#store.timers().expire ?? cartExpiresAt(this.#cartId, this.env, now);
    await this.#arm({ settle: nextSettleCheck(this.#store.meta().checkoutStartedAt, now), expire: expireAt });
    return result;
  }

  /** Empties the cart for the sold order of the hold `idempotencyKey` (even a lapsed one, if the cart is unchanged). */
  completeCheckout(idempotencyKey: string, orderId: string): Promise<CartResult> {
    return this.#touch(this.#afterHold(completeCheckout(this.#store, this.#ops, idempotencyKey, orderId)));
  }

  /** Lets go of the hold, lines untouched, only if it is `idempotencyKey`'s. */
  abortCheckout(idempotencyKey: string): CartResult {
    return this.#afterHold(abortCheckout(this.#store, this.#ops, idempotencyKey));
  }

  checkoutState(): CheckoutState {
    const now = Date.now();
    const lines = this.#store.lines();
    const saleReservation = liveSaleToken(lines, this.#store.notes.saleReservations(now), this.#store.meta().currency, now);
    return { ...checkoutState(this.#store, now), ...(saleReservation === null ? {} : { saleReservation }) };
  }

  /**
   * Asks orders about the open hold's order and settles the hold by it (cart-settle.ts): for a
   * view of a held cart, whose checkout's answer may have been lost. At most every few seconds.
   */
  async settleCheckout(): Promise<SettleOutcome> {
    if (this.#store.meta().checkoutKey === null) return "not_held";
    if (Date.now() - this.#lastSettleLookupAt < VIEW_SETTLE_INTERVAL_MS) return "held";
    return this.#settle();
  }

  /**
   * One alarm, two jobs. The cart went untouched for its whole lifetime: forget it entirely. A
   * checkout holds it: ask orders how that ended. The alarm fires for the earliest timer, so
   * whatever is due by then is done (an alarm set before the timers existed is the expiry).
   */
  override async alarm(): Promise<void> {
    this.#alarmAt = undefined;
    const timers = this.#store.timers();
    const firedFor = Math.max(Date.now(), earliest(timers) ?? 0);
    if (timers.expire === null ? timers.settle === null : timers.expire <= firedFor) {
      await this.ctx.storage.deleteAll();
      // This instance may serve again (the same name is the same cart): start from empty tables.
      this.#store.createTables();
      return;
    }
    if (timers.settle !== null && timers.settle <= firedFor) {
      this.#store.setTimer("settle", null);
      if (this.#store.meta().checkoutKey !== null) {
        await this.#settle();
        return;
      }
    }
    await this.#arm({});
  }

  async #settle(): Promise<SettleOutcome> {
    const key = this.#store.meta().checkoutKey;
    if (key === null) return "not_held";
    this.#lastSettleLookupAt = Date.now();
    const found = await lookupHoldOrder(this.env, this.#cartId, key);
    const now = Date.now();
    const outcome = settleHold(this.#store, this.#ops, key, found, now);
    if (outcome === "completed" || outcome === "released") this.#joinPendingMerges();
    if (outcome === "held") await this.#arm({ settle: nextSettleCheck(this.#store.meta().checkoutStartedAt, now) });
    // An emptied cart starts a fresh lifetime, as when the edge completes it.
    if (outcome === "completed") await this.#arm({ settle: null, expire: cartExpiresAt(this.#cartId, this.env, now) });
    if (outcome === "released") await this.#arm({ settle: null });
    return outcome;
  }

  /** Records the timers given (null clears one), then sets the alarm for the earliest. */
  async #arm(patch: Partial<CartTimers>): Promise<void> {
    for (const name of ["expire", "settle"] as const) {
      const at = patch[name];
      if (at !== undefined) this.#store.setTimer(name, at);
    }
    const next = earliest(this.#store.timers());
    // Setting the alarm to the time it is already set for would only cost a storage write.
    if (next === null || next === this.#alarmAt) return;
    await this.ctx.storage.setAlarm(next);
    this.#alarmAt = next;
  }

  /**
   * Runs a change unless a checkout holds the cart, then pushes the expiry out. A change that
   * went through forgets a lapsed hold: its order, if it is ever paid, no longer empties the cart.
   */
  async #change<R extends { ok: boolean }>(apply: () => R): Promise<R | CartFailure> {
    const lock = lockState(this.#store.meta(), Date.now());
    if (lock === "active") return cartLocked();
    const result = apply();
    if (result.ok && lock === "lapsed") {
      this.#store.updateMeta(NO_LOCK);
      this.#joinPendingMerges();
    }
    return this.#touch(result);
  }

  /** Carts that signed in while a checkout held this one join once no hold is left. */
  #joinPendingMerges(): boolean {
    return this.#store.meta().checkoutKey === null && this.#ops.applyPendingMerges(() => crypto.randomUUID());
  }

  /** A hold settled by the edge: the merges that waited for it join, and the answer shows them. */
  #afterHold(result: CartResult): CartResult {
    return result.ok && this.#joinPendingMerges() ? { ok: true, cart: this.#ops.view() } : result;
  }

  async #touch<R extends { ok: boolean }>(result: R): Promise<R> {
    if (result.ok) await this.#arm({ expire: cartExpiresAt(this.#cartId, this.env, Date.now()) });
    return result;
  }
}

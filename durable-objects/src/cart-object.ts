import { DurableObject } from "cloudflare:workers";
import { fail, type CartLine, type ShippingAddress } from "../../domain/cart.ts";
import type { CartView } from "../../domain/cart-view.ts";
import type { SellableVariant } from "../../domain/catalog.ts";
import { isCurrency, type Currency } from "../../domain/money.ts";
import { DEMO_PROMOTIONS } from "../../domain/promotions.ts";
import { abortCheckout, beginCheckout, checkoutState, completeCheckout } from "./cart-checkout.ts";
import { cartTtlMs } from "./cart-expiry.ts";
import { cartLocked, lockState, NO_LOCK } from "./cart-lock.ts";
import { CartOperations } from "./cart-operations.ts";
import type { AddItemInput, BeginCheckoutResult, CartFailure, CartResult, CheckoutState, MergeFromResult } from "./cart-results.ts";
import { CartStore } from "./cart-store.ts";

export type * from "./cart-results.ts";

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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#cartId = ctx.id.name ?? ctx.id.toString();
    this.#store = new CartStore(ctx.storage.sql);
    this.#ops = new CartOperations(this.#store, this.#cartId, DEMO_PROMOTIONS);
    void ctx.blockConcurrencyWhile(async () => this.#store.createTables());
  }

  view(preferredCurrency?: Currency): CartView {
    const locked = lockState(this.#store.meta(), Date.now()) === "active";
    return this.#ops.view(isCurrency(preferredCurrency) ? preferredCurrency : undefined, locked);
  }

  addItem(input: AddItemInput): Promise<CartResult> {
    return this.#change(() => this.#ops.addItem(input, crypto.randomUUID()));
  }

  updateItem(lineId: string, quantity: number): Promise<CartResult> {
    return this.#change(() => this.#ops.updateItem(lineId, quantity));
  }

  removeItem(lineId: string): Promise<CartResult> {
    return this.#change(() => this.#ops.removeItem(lineId));
  }

  applyPromotion(code: string): Promise<CartResult> {
    return this.#change(() => this.#ops.applyPromotion(String(code)));
  }

  removePromotion(code: string): Promise<CartResult> {
    return this.#change(() => this.#ops.removePromotion(String(code)));
  }

  setEmail(email: string): Promise<CartResult> {
    return this.#change(() => this.#ops.setEmail(email));
  }

  setShippingAddress(address: ShippingAddress): Promise<CartResult> {
    return this.#change(() => this.#ops.setShippingAddress(address));
  }

  /** Fresh catalog data for the cart's variants; not a shopper change, so it does not extend expiry. */
  refreshPrices(variants: SellableVariant[]): CartResult {
    if (lockState(this.#store.meta(), Date.now()) === "active") return cartLocked();
    return this.#ops.refreshPrices(Array.isArray(variants) ? variants : [], Date.now());
  }

  /** Folds another cart's lines in (sign-in). Applying the same source twice adds nothing. */
  mergeFrom(sourceCartId: string, lines: CartLine[], currency: Currency): Promise<MergeFromResult> {
    if (!isCurrency(currency) || !Array.isArray(lines)) {
      return Promise.resolve(fail("INVALID_ARGUMENT", "mergeFrom needs the source lines and their currency"));
    }
    return this.#change(() => this.#ops.mergeFrom(String(sourceCartId), lines, currency, () => crypto.randomUUID()));
  }

  beginCheckout(idempotencyKey: string): BeginCheckoutResult {
    return beginCheckout(this.#store, this.#ops, idempotencyKey, Date.now());
  }

  /** Empties the cart for the sold order of the hold `idempotencyKey` (even a lapsed one, if the cart is unchanged). */
  completeCheckout(idempotencyKey: string, orderId: string): Promise<CartResult> {
    return this.#touch(completeCheckout(this.#store, this.#ops, idempotencyKey, orderId));
  }

  /** Lets go of the hold, lines untouched, only if it is `idempotencyKey`'s. */
  abortCheckout(idempotencyKey: string): CartResult {
    return abortCheckout(this.#store, this.#ops, idempotencyKey);
  }

  checkoutState(): CheckoutState {
    return checkoutState(this.#store, Date.now());
  }

  /** The cart went untouched for its whole lifetime: forget it entirely. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
    // This instance may serve again (the same name is the same cart): start from empty tables.
    this.#store.createTables();
  }

  /**
   * Runs a change unless a checkout holds the cart, then pushes the expiry out. A change that
   * went through forgets a lapsed hold: its order, if it is ever paid, no longer empties the cart.
   */
  async #change<R extends { ok: boolean }>(apply: () => R): Promise<R | CartFailure> {
    const lock = lockState(this.#store.meta(), Date.now());
    if (lock === "active") return cartLocked();
    const result = apply();
    if (result.ok && lock === "lapsed") this.#store.updateMeta(NO_LOCK);
    return this.#touch(result);
  }

  async #touch<R extends { ok: boolean }>(result: R): Promise<R> {
    if (result.ok) await this.ctx.storage.setAlarm(Date.now() + cartTtlMs(this.#cartId, this.env));
    return result;
  }
}

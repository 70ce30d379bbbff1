import type { CartLineView, CartView } from "../../../domain/cart-view.ts";
import { formatMoney, type Currency } from "../../../domain/money.ts";
import { MAX_LINE_QUANTITY } from "../../../domain/cart.ts";
import { Layout } from "../ui/layout.tsx";
import type { Session } from "../types.ts";
import { PromotionsSection } from "./cart-promotions.tsx";

/**
 * The cart page: plain forms that work without JavaScript. Each form posts, the server answers
 * with a 303 back here on success, or renders this page again with the error beside the field.
 */
export interface FieldError {
  /** "quantity" (with lineId), "code", or "cart" for the page as a whole. */
  field: string;
  lineId?: string | undefined;
  message: string;
}

export interface CartPageProps {
  cart: CartView;
  session?: Session | undefined;
  error?: FieldError | undefined;
  /** What the shopper typed, to put back in the field after an error. */
  codeInput?: string | undefined;
}

export function CartPage(props: CartPageProps) {
  const { cart, error } = props;
  const money = (amount: number) => formatMoney(amount, cart.currency);
  return (
    <Layout title="Your cart" session={props.session}>
      <h1>Your cart</h1>
      {error?.field === "cart" ? (
        <p class="cart-error" role="alert" id="cart-error">
          {error.message}
        </p>
      ) : null}
      {cart.locked ? (
        <p class="notice" id="cart-locked">
          Your cart is being checked out. Finish or cancel the checkout to change it. <a href="/checkout">Continue your checkout</a>
        </p>
      ) : null}
      {cart.warnings.length > 0 ? (
        <ul class="notice cart-warnings" role="status">
          {cart.warnings.map((w) => (
            <li>{w.message}</li>
          ))}
        </ul>
      ) : null}
      {cart.lines.length === 0 ? (
        <p class="empty">
          Your cart is empty. <a href="/">Continue shopping</a>
        </p>
      ) : (
        <>
          <ul class="cart-lines" aria-label="Items in your cart">
            {cart.lines.map((line) => (
              <CartLineItem line={line} currency={cart.currency} locked={cart.locked} error={error?.lineId === line.id ? error : undefined} />
            ))}
          </ul>
          <PromotionsSection cart={cart} error={error?.field === "code" ? error.message : undefined} codeInput={props.codeInput} />
          <dl class="totals cart-totals" aria-label="Order summary">
            <dt>Subtotal ({cart.itemCount} {cart.itemCount === 1 ? "item" : "items"})</dt>
            <dd id="cart-subtotal">{money(cart.subtotal)}</dd>
            {cart.discountTotal > 0 ? (
              <>
                <dt>Discounts</dt>
                <dd id="cart-discount">−{money(cart.discountTotal)}</dd>
              </>
            ) : null}
            <dt>Shipping</dt>
            <dd id="cart-shipping">{cart.shippingTotal === 0 ? "Free" : money(cart.shippingTotal)}</dd>
            <dt>Tax</dt>
            <dd id="cart-tax">{cart.shippingAddress ? money(cart.taxTotal) : "Calculated at checkout"}</dd>
            <dt class="total">Total</dt>
            <dd class="total" id="cart-total">
              {money(cart.total)}
            </dd>
          </dl>
          <p class="cart-actions">
            {cart.locked ? null : (
              <a class="button checkout-link" href="/checkout">
                Check out
              </a>
            )}{" "}
            <a href="/">Continue shopping</a>
          </p>
        </>
      )}
    </Layout>
  );
}

function CartLineItem(props: { line: CartLineView; currency: Currency; locked: boolean; error: FieldError | undefined }) {
  const { line } = props;
  const inputId = `quantity-${line.id}`;
  const errorId = `quantity-error-${line.id}`;
  return (
    <li class="cart-line">
      <img src={line.imageUrl} alt="" width={96} height={96} loading="lazy" />
      <div>
        <h2 class="cart-line-title">
          <a href={`/p/${line.productSlug}`}>{line.title}</a>
        </h2>
        <p class="cart-line-price">
          {formatMoney(line.unitPrice, props.currency)} each · <strong>{formatMoney(line.lineTotal, props.currency)}</strong>
        </p>
        <form method="post" action={`/cart/lines/${encodeURIComponent(line.id)}`} class="cart-line-form">
          <label for={inputId}>Quantity</label>
          <input
            id={inputId}
            name="quantity"
            type="number"
            inputmode="numeric"
            min={0}
            max={MAX_LINE_QUANTITY}
            value={String(line.quantity)}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? errorId : undefined}
            disabled={props.locked}
          />
          <button type="submit" name="action" value="update" disabled={props.locked}>
            Update
          </button>
          <button type="submit" name="action" value="remove" class="secondary" disabled={props.locked}>
            Remove
          </button>
          {props.error ? (
            <p class="field-error" id={errorId} role="alert">
              {props.error.message}
            </p>
          ) : null}
        </form>
      </div>
    </li>
  );
}

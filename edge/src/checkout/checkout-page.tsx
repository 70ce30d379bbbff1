import { MAX_EMAIL_LENGTH } from "../../../domain/cart-contact.ts";
import type { CartView } from "../../../domain/cart-view.ts";
import { formatMoney } from "../../../domain/money.ts";
import { Field, FormError, type InputAttributes } from "../ui/components.tsx";
import { Layout } from "../ui/layout.tsx";
import type { Session } from "../types.ts";
import type { CheckoutField, CheckoutFieldErrors } from "./form-errors.ts";
import type { CheckoutForm } from "../../../contracts/storefront/checkout-requests.ts";

/**
 * The checkout form: plain HTML that works without JavaScript. A hidden idempotency key is made
 * each time the form is drawn, so submitting it twice (a double click, a resent POST) places one
 * order. Card fields are never filled back in after an error.
 */
export interface CheckoutPageProps {
  cart: CartView;
  session?: Session | undefined;
  idempotencyKey: string;
  values?: Partial<CheckoutForm>;
  errors?: CheckoutFieldErrors;
}

const CARD_FIELDS: readonly CheckoutField[] = ["card", "expMonth", "expYear", "cvc"];

/** The checkout page: the order summary beside the contact, address, payment and promotion form. */
export function CheckoutPage(props: CheckoutPageProps) {
  const { cart, errors = {} } = props;
  const value = (name: CheckoutField) => (CARD_FIELDS.includes(name) ? "" : (props.values?.[name] ?? ""));
  const field = (name: CheckoutField, label: string, input: InputAttributes, hint?: string) => (
    <Field name={name} label={label} hint={hint} error={errors[name]} input={{ value: value(name), ...input }} />
  );
  const money = (amount: number) => formatMoney(amount, cart.currency);
  return (
    <Layout title="Checkout" session={props.session}>
      <h1>Checkout</h1>
      <FormError id="form-error" message={errors.form}>
        <a href="/cart">Review your cart</a>
      </FormError>
      <div class="checkout">
        <section class="checkout-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Your order</h2>
          <ul>
            {cart.lines.map((l) => (
              <li>
                {l.quantity} × {l.title} <span>{money(l.lineTotal)}</span>
              </li>
            ))}
          </ul>
          <dl class="totals">
            <dt>Subtotal</dt>
            <dd>{money(cart.subtotal)}</dd>
            {cart.discountTotal > 0 ? (
              <>
                <dt>Discounts</dt>
                <dd>−{money(cart.discountTotal)}</dd>
              </>
            ) : null}
            <dt>Shipping</dt>
            <dd>{cart.shippingTotal === 0 ? "Free" : money(cart.shippingTotal)}</dd>
            <dt>Tax</dt>
            <dd>{cart.shippingAddress ? money(cart.taxTotal) : "Added for your country"}</dd>
            <dt class="total">{cart.shippingAddress ? "Total" : "Total before tax"}</dt>
            <dd class="total">{money(cart.total)}</dd>
          </dl>
          <p>
            <a href="/cart">Change your cart</a>
          </p>
        </section>
        <form method="post" action="/checkout" class="checkout-form" novalidate>
          <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
          <fieldset>
            <legend>Contact</legend>
            {field("email", "Email", { type: "email", autocomplete: "email", required: true, maxlength: MAX_EMAIL_LENGTH })}
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            {field("name", "Full name", { autocomplete: "name", required: true, maxlength: 200 })}
            {field("line1", "Address", { autocomplete: "address-line1", required: true, maxlength: 200 })}
            {field("line2", "Apartment, suite (optional)", { autocomplete: "address-line2", maxlength: 200 })}
            {field("city", "City", { autocomplete: "address-level2", required: true, maxlength: 200 })}
            {field("region", "State or region (optional)", { autocomplete: "address-level1", maxlength: 200 })}
            {field("postalCode", "Postal code", { autocomplete: "postal-code", required: true, maxlength: 20 })}
            {field("country", "Country code", { autocomplete: "country", required: true, maxlength: 2, pattern: "[A-Za-z]{2}" }, "Two letters, e.g. US, GB, DE")}
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            {field("card", "Card number", { inputmode: "numeric", autocomplete: "cc-number", required: true, maxlength: 40 }, "Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined, 4000 0027 6000 3184 asks for confirmation.")}
            <div class="card-row">
              {field("expMonth", "Expiry month", { inputmode: "numeric", autocomplete: "cc-exp-month", required: true, maxlength: 2, placeholder: "MM" })}
              {field("expYear", "Expiry year", { inputmode: "numeric", autocomplete: "cc-exp-year", required: true, maxlength: 4, placeholder: "YYYY" })}
              {field("cvc", "Security code", { inputmode: "numeric", autocomplete: "cc-csc", required: true, maxlength: 4 })}
            </div>
          </fieldset>
          {field("promoCode", "Promotion code (optional)", { maxlength: 50, autocomplete: "off" })}
          <button type="submit">Place order</button>
        </form>
      </div>
    </Layout>
  );
}

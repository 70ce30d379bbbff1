import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { CartView } from "../../../domain/cart-view.ts";
import { formatMoney } from "../../../domain/money.ts";
import { Layout } from "../pages/layout.tsx";
import type { Session } from "../types.ts";
import { CHECKOUT_STYLES } from "./checkout-styles.ts";
import type { CheckoutField, CheckoutFieldErrors } from "./form-errors.ts";
import type { CheckoutForm } from "./schemas.ts";

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

function Field(props: { name: CheckoutField; label: string; error?: string | undefined; hint?: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p class="field-error" id={`${props.name}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Record<string, string | number | boolean | undefined>;

/** The checkout page: the order summary beside the contact, address, payment and promotion form. */
export function CheckoutPage(props: CheckoutPageProps) {
  const { cart, errors = {} } = props;
  const value = (name: CheckoutField) => (CARD_FIELDS.includes(name) ? "" : (props.values?.[name] ?? ""));
  const input = (name: CheckoutField, attrs: InputProps = {}, withHint = false) => {
    const described = [withHint ? `${name}-hint` : undefined, errors[name] ? `${name}-error` : undefined].filter(Boolean).join(" ");
    return <input id={name} name={name} value={value(name)} aria-invalid={errors[name] ? "true" : undefined} aria-describedby={described || undefined} {...attrs} />;
  };
  const money = (amount: number) => formatMoney(amount, cart.currency);
  return (
    <Layout title="Checkout" session={props.session}>
      <style>{raw(CHECKOUT_STYLES)}</style>
      <h1>Checkout</h1>
      {errors.form ? (
        <p class="form-error" role="alert" id="form-error">
          {errors.form} <a href="/cart">Review your cart</a>
        </p>
      ) : null}
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
          <dl>
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
            <Field name="email" label="Email" error={errors.email}>
              {input("email", { type: "email", autocomplete: "email", required: true, maxlength: 254 })}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            <Field name="name" label="Full name" error={errors.name}>
              {input("name", { autocomplete: "name", required: true, maxlength: 200 })}
            </Field>
            <Field name="line1" label="Address" error={errors.line1}>
              {input("line1", { autocomplete: "address-line1", required: true, maxlength: 200 })}
            </Field>
            <Field name="line2" label="Apartment, suite (optional)" error={errors.line2}>
              {input("line2", { autocomplete: "address-line2", maxlength: 200 })}
            </Field>
            <Field name="city" label="City" error={errors.city}>
              {input("city", { autocomplete: "address-level2", required: true, maxlength: 200 })}
            </Field>
            <Field name="region" label="State or region (optional)" error={errors.region}>
              {input("region", { autocomplete: "address-level1", maxlength: 200 })}
            </Field>
            <Field name="postalCode" label="Postal code" error={errors.postalCode}>
              {input("postalCode", { autocomplete: "postal-code", required: true, maxlength: 20 })}
            </Field>
            <Field name="country" label="Country code" error={errors.country} hint="Two letters, e.g. US, GB, DE">
              {input("country", { autocomplete: "country", required: true, maxlength: 2, pattern: "[A-Za-z]{2}" }, true)}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <Field name="card" label="Card number" error={errors.card} hint="Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined, 4000 0027 6000 3184 asks for confirmation.">
              {input("card", { inputmode: "numeric", autocomplete: "cc-number", required: true, maxlength: 40 }, true)}
            </Field>
            <div class="card-row">
              <Field name="expMonth" label="Expiry month" error={errors.expMonth}>
                {input("expMonth", { inputmode: "numeric", autocomplete: "cc-exp-month", required: true, maxlength: 2, placeholder: "MM" })}
              </Field>
              <Field name="expYear" label="Expiry year" error={errors.expYear}>
                {input("expYear", { inputmode: "numeric", autocomplete: "cc-exp-year", required: true, maxlength: 4, placeholder: "YYYY" })}
              </Field>
              <Field name="cvc" label="Security code" error={errors.cvc}>
                {input("cvc", { inputmode: "numeric", autocomplete: "cc-csc", required: true, maxlength: 4 })}
              </Field>
            </div>
          </fieldset>
          <Field name="promoCode" label="Promotion code (optional)" error={errors.promoCode}>
            {input("promoCode", { maxlength: 50, autocomplete: "off" })}
          </Field>
          <button type="submit">Place order</button>
        </form>
      </div>
    </Layout>
  );
}

import type { CartView } from "../../../domain/cart-view.ts";
import { formatMoney } from "../../../domain/money.ts";

/** The promotion-code part of the cart page: applied codes with a remove button, and the apply form. */
export function PromotionsSection(props: { cart: CartView; error?: string | undefined; codeInput?: string | undefined }) {
  const { cart } = props;
  return (
    <section class="cart-promotions" aria-labelledby="promotions-heading">
      <h2 id="promotions-heading">Promotion codes</h2>
      {cart.promotions.length > 0 ? (
        <ul>
          {cart.promotions.map((p) => (
            <li>
              <form method="post" action="/cart/promotions" class="inline-form">
                {/* Automatic promotions have no code to remove: they are shown by what they are. */}
                <strong>{p.code ?? p.description}</strong>{" "}
                {p.applied ? (p.freeShipping ? "free shipping" : `−${formatMoney(p.amount + p.shippingAmount, cart.currency)}`) : `not applied: ${p.message ?? ""}`}
                {p.code !== null ? (
                  <>
                    <input type="hidden" name="code" value={p.code} />
                    <button type="submit" name="action" value="remove" class="secondary" disabled={cart.locked}>
                      Remove
                    </button>
                  </>
                ) : null}
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action="/cart/promotions" class="inline-form">
        <label for="promotion-code">Code</label>
        <input
          id="promotion-code"
          name="code"
          maxlength={50}
          autocomplete="off"
          value={props.codeInput ?? ""}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={props.error ? "promotion-code-error" : undefined}
          disabled={cart.locked}
        />
        <button type="submit" name="action" value="apply" disabled={cart.locked}>
          Apply
        </button>
        {props.error ? (
          <p class="field-error" id="promotion-code-error" role="alert">
            {props.error}
          </p>
        ) : null}
      </form>
    </section>
  );
}

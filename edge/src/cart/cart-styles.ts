/** Cart-page additions to the storefront stylesheet (pages/styles.ts), inlined on the cart page only. */
export const CART_STYLES = `
.cart-lines { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: 1rem; }
.cart-line { display: grid; grid-template-columns: 96px 1fr; gap: 1rem; padding-bottom: 1rem; border-bottom: 1px solid var(--line); }
.cart-line img { border-radius: 8px; background: var(--soft); }
.cart-line-title { font-size: 1.05rem; margin: 0 0 .25rem; }
.cart-line-price { margin: 0 0 .5rem; }
.cart-line-form, .inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.cart-line-form input { width: 5rem; }
button.secondary { background: #fff; color: var(--ink); border-color: var(--line); }
.field-error { flex-basis: 100%; margin: 0; color: var(--bad); font-size: .95rem; }
.cart-warnings { list-style: none; margin: 0 0 1rem; }
.cart-error { border-color: var(--bad); background: #fdecea; margin: 0 0 1rem; }
.cart-promotions ul { list-style: none; padding: 0; margin: 0 0 .75rem; display: grid; gap: .5rem; }
.cart-totals { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; max-width: 24rem; margin: 1.5rem 0 1rem auto; }
.cart-totals dd { margin: 0; text-align: right; }
.cart-totals .cart-total { font-weight: 700; font-size: 1.1rem; border-top: 1px solid var(--line); padding-top: .25rem; }
.button { display: inline-block; padding: .55rem 1rem; border-radius: 8px; text-decoration: none; }
`;

/**
 * The storefront's one stylesheet, inlined into every page by the Layout: one small response
 * per page, no render-blocking request, nothing to cache-bust. Every page's rules live here
 * (catalog, cart, checkout and orders, account), each selector in one rule. Mobile first; wider
 * screens get more grid columns and side columns for filters and the order summary.
 */
export const STYLES = minify(`
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --bg: #fff; --soft: #f5f6f8;
  --accent: #0b57d0; --accent-ink: #fff; --ok: #137333; --warn: #a15c00; --bad: #b3261e; --radius: 10px; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
img { max-width: 100%; height: auto; display: block; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .75rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0; }
.site-header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); margin-right: auto; order: 1; }
.site-nav { order: 2; }
.site-search { display: flex; gap: .25rem; order: 3; flex: 1 1 12rem; }
.site-search input { flex: 1; min-width: 0; }
.site-nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; align-items: center; }
.currency-picker { display: flex; gap: .25rem; align-items: center; order: 4; }
.currency-picker label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
input, select, button { font: inherit; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--ink); }
button { cursor: pointer; }
.button, button[type="submit"] { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
a.button { display: inline-block; padding: .55rem 1rem; border: 1px solid var(--accent); border-radius: 8px; text-decoration: none; }
button.secondary { background: #fff; color: var(--accent); border-color: var(--accent); }
button[disabled] { background: var(--soft); color: var(--muted); border-color: var(--line); cursor: not-allowed; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
.site-footer { padding: 1.5rem 1rem; color: var(--muted); border-top: 1px solid var(--line); margin-top: 2rem; font-size: .9rem; }
.breadcrumbs ol { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: 0 0 1rem; font-size: .9rem; }
.breadcrumbs li + li::before { content: "/"; margin-right: .25rem; color: var(--muted); }
.product-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; list-style: none; padding: 0; margin: 0; }
.card { border: 1px solid var(--line); border-radius: var(--radius); overflow: hidden; height: 100%; display: flex; flex-direction: column; }
.card a { color: inherit; text-decoration: none; }
.card a:hover h3 { text-decoration: underline; }
.card img { aspect-ratio: 1; object-fit: cover; width: 100%; background: var(--soft); }
.card-body { padding: .6rem .75rem .75rem; }
.card h3 { font-size: 1rem; margin: 0 0 .25rem; }
.price { font-weight: 600; margin: 0; }
.stock { margin: 0; font-size: .9rem; }
.stock-in_stock { color: var(--ok); }
.stock-low_stock { color: var(--warn); }
.stock-out_of_stock { color: var(--bad); }
.category-list { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
.category-list > li { background: var(--soft); border-radius: var(--radius); padding: .75rem 1rem; }
.category-list ul { list-style: none; padding: 0; margin: .25rem 0 0; font-size: .95rem; }
.filters { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; padding: 1rem; background: var(--soft); border-radius: var(--radius); margin-bottom: 1rem; align-items: end; }
.filters fieldset, .filters button, .filters .query { grid-column: 1 / -1; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
.filters select { width: 100%; }
.subcategories ul { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.subcategories a { display: inline-block; padding: .3rem .75rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
.subcategories h2 { font-size: 1rem; margin: 0 0 .5rem; }
.filters legend { font-weight: 600; margin-bottom: .25rem; }
.pagination { display: flex; justify-content: space-between; gap: 1rem; margin: 1.5rem 0; }
.empty { padding: 2rem 1rem; text-align: center; color: var(--muted); background: var(--soft); border-radius: var(--radius); }
.product { display: grid; gap: 1.5rem; }
.product img { border-radius: var(--radius); background: var(--soft); width: 100%; aspect-ratio: 1; object-fit: cover; }
.product .price { font-size: 1.4rem; }
.variant-form fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; margin: 1rem 0 .5rem; }
.variant-option { display: flex; gap: .5rem; align-items: baseline; padding: .25rem 0; }
.add-to-cart { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: 1rem; }
.add-to-cart input { width: 5rem; }
.notice { padding: .75rem 1rem; border-radius: var(--radius); background: #fff4e5; border: 1px solid #f0c36d; }
.error-page { text-align: center; padding: 3rem 1rem; }
.field { display: grid; gap: .2rem; }
.field input { width: 100%; }
.hint { margin: 0; color: var(--muted); font-size: .9rem; }
.field-error { flex-basis: 100%; margin: 0; color: var(--bad); font-size: .95rem; }
.form-error, .cart-error { padding: .75rem 1rem; border-radius: var(--radius); background: #fdecea; border: 1px solid var(--bad); margin: 0 0 1rem; }
.account-form, .account { max-width: 28rem; }
.account-form form { display: grid; gap: .75rem; margin: 1rem 0; }
.account-form button[type="submit"] { justify-self: start; }
.account dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
.account dt { color: var(--muted); }
.account dd { margin: 0; }
.cart-lines { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: 1rem; }
.cart-line { display: grid; grid-template-columns: 96px 1fr; gap: 1rem; padding-bottom: 1rem; border-bottom: 1px solid var(--line); }
.cart-line img { border-radius: 8px; background: var(--soft); }
.cart-line-title { font-size: 1.05rem; margin: 0 0 .25rem; }
.cart-line-price { margin: 0 0 .5rem; }
.cart-line-form, .inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.cart-line-form input { width: 5rem; }
.cart-warnings { list-style: none; margin: 0 0 1rem; }
.cart-promotions ul { list-style: none; padding: 0; margin: 0 0 .75rem; display: grid; gap: .5rem; }
.cart-actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.totals { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; margin: 0; }
.totals dd { margin: 0; text-align: right; }
.totals .total { font-weight: 700; border-top: 1px solid var(--line); padding-top: .25rem; }
.cart-totals { max-width: 24rem; margin: 1.5rem 0 1rem auto; }
.cart-totals .total { font-size: 1.1rem; }
.checkout { display: grid; gap: 1.5rem; }
.checkout-form fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem 1rem; margin: 0 0 1rem; display: grid; gap: .75rem; }
.checkout-form legend { font-weight: 600; padding: 0 .25rem; }
.card-row { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; }
.checkout-summary, .order-summary { background: var(--soft); border-radius: var(--radius); padding: 1rem; align-self: start; }
.checkout-summary ul, .order-lines { list-style: none; padding: 0; margin: 0 0 .75rem; display: grid; gap: .5rem; }
.checkout-summary li, .order-lines li { display: flex; justify-content: space-between; gap: 1rem; }
.order-status { display: inline-block; padding: .15rem .6rem; border-radius: 999px; background: var(--soft); font-weight: 600; }
.status-paid, .status-fulfilled, .status-delivered { color: var(--ok); }
.status-pending_payment { color: var(--warn); }
.status-payment_failed, .status-cancelled { color: var(--bad); }
.order-list { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.order-list li { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; }
.confirm-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
@media (min-width: 40rem) {
  .site-search { order: 2; flex: 0 1 22rem; }
  .currency-picker { order: 3; }
  .currency-picker label { position: static; width: auto; height: auto; overflow: visible; clip: auto; }
  .site-nav { order: 4; }
  .product-grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
@media (min-width: 48rem) {
  .checkout { grid-template-columns: 1fr 20rem; }
  .checkout-summary { order: 2; }
}
@media (min-width: 64rem) {
  .product-grid { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .listing { display: grid; grid-template-columns: 16rem 1fr; gap: 1.5rem; align-items: start; }
  .filters { grid-template-columns: 1fr; }
  .subcategories ul { display: block; }
  .subcategories a { border: 0; padding: .15rem 0; text-decoration: underline; }
  .product { grid-template-columns: 1fr 1fr; }
}
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
`);

/** Line breaks and indentation only separate rules here, so dropping them is safe. */
function minify(css: string): string {
  return css.replace(/\n\s*/g, "");
}

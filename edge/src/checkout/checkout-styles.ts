/** Checkout and order-page additions to the storefront stylesheet (pages/styles.ts), inlined on those pages only. */
export const CHECKOUT_STYLES = `
.checkout { display: grid; gap: 1.5rem; }
.checkout-form fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem 1rem; margin: 0 0 1rem; display: grid; gap: .75rem; }
.checkout-form legend { font-weight: 600; padding: 0 .25rem; }
.card-row { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .5rem; }
.hint { margin: 0; color: var(--muted); font-size: .9rem; }
.field-error { margin: 0; color: var(--bad); font-size: .95rem; }
.form-error { padding: .75rem 1rem; border-radius: var(--radius); background: #fdecea; border: 1px solid var(--bad); }
.checkout-summary, .order-summary { background: var(--soft); border-radius: var(--radius); padding: 1rem; align-self: start; }
.checkout-summary ul, .order-lines { list-style: none; padding: 0; margin: 0 0 .75rem; display: grid; gap: .5rem; }
.checkout-summary li, .order-lines li { display: flex; justify-content: space-between; gap: 1rem; }
.checkout-summary dl, .order-totals { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; margin: 0; }
.checkout-summary dd, .order-totals dd { margin: 0; text-align: right; }
.total { font-weight: 700; border-top: 1px solid var(--line); padding-top: .25rem; }
.order-status { display: inline-block; padding: .15rem .6rem; border-radius: 999px; background: var(--soft); font-weight: 600; }
.status-paid, .status-fulfilled, .status-delivered { color: var(--ok); }
.status-pending_payment { color: var(--warn); }
.status-payment_failed, .status-cancelled { color: var(--bad); }
.order-list { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.order-list li { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between; }
.confirm-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
@media (min-width: 48rem) { .checkout { grid-template-columns: 1fr 20rem; } .checkout-summary { order: 2; } }
`;

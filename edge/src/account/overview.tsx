import type { Customer } from "../../../regional-services/customers/contract.ts";

/** "Your account": who is signed in, where their orders are, and the way out. */
export function AccountOverview(props: { customer: Customer }) {
  const { customer } = props;
  return (
    <section class="account" aria-labelledby="account-heading">
      <h1 id="account-heading">Your account</h1>
      <dl>
        {customer.name ? (
          <>
            <dt>Name</dt>
            <dd>{customer.name}</dd>
          </>
        ) : null}
        <dt>Email</dt>
        <dd>{customer.email}</dd>
      </dl>
      <p>
        <a href="/orders">Your order history</a>
      </p>
      <p>
        <a href="/cart">Your cart</a> follows you to any device you sign in on.
      </p>
      <form method="post" action="/account/signout">
        <button type="submit">Sign out</button>
      </form>
      <form method="post" action="/account/signout-everywhere">
        <button type="submit">Sign out everywhere</button>
        <small> (every device and browser this account is signed in on)</small>
      </form>
    </section>
  );
}

import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { signInSchema, signUpSchema } from "../../../regional-services/customers/contract.ts";
import { currentCustomer, fetchCustomer, signIn, signOut, signOutEverywhere } from "./accounts.ts";
import { submitAccountForm } from "./form-submit.ts";
import { SignInForm, SignUpForm, type AccountFormState } from "./forms.tsx";
import { safeNextPath } from "./next-path.ts";
import { AccountOverview } from "./overview.tsx";
import { requestSignUp } from "./signup.ts";
import { CheckInbox } from "./signup-pages.tsx";
import { Layout } from "../ui/layout.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * Account pages: sign in, sign up, sign out and "your account". Plain forms posting back to the
 * same path; success redirects (303) to `?next=` when it is a local path, else home.
 */
export const accountPagesRoutes = new Hono<EdgeEnv>();
accountPagesRoutes.use("/account/*", async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

function page(c: Context<EdgeEnv>, title: string, form: typeof SignInForm, state: AccountFormState, status: ContentfulStatusCode = 200) {
  return c.html(
    <Layout title={title} session={c.get("session")}>
      {form(state)}
    </Layout>,
    status,
  );
}

accountPagesRoutes.get("/account/signin", (c) => {
  const next = safeNextPath(c.req.query("next"));
  if (c.get("session").customerId) return c.redirect(next === "/" ? "/account" : next, 303);
  return page(c, "Sign in", SignInForm, { next });
});

accountPagesRoutes.post("/account/signin", async (c) => {
  const outcome = await submitAccountForm(c, signInSchema, (input) => signIn(c, input));
  if (outcome.ok) return c.redirect(outcome.redirectTo, 303);
  return page(c, "Sign in", SignInForm, outcome.state, outcome.status);
});

accountPagesRoutes.get("/account/signup", (c) => {
  const next = safeNextPath(c.req.query("next"));
  if (c.get("session").customerId) return c.redirect(next === "/" ? "/account" : next, 303);
  return page(c, "Create an account", SignUpForm, { next });
});

// The same page whether or not the email has an account; the emailed link finishes sign-up.
accountPagesRoutes.post("/account/signup", async (c) => {
  const outcome = await submitAccountForm(c, signUpSchema, async (input) => requestSignUp(c, input, safeNextPath((await c.req.parseBody()).next)));
  if (outcome.ok) return page(c, "Check your inbox", CheckInbox, { next: outcome.redirectTo });
  return page(c, "Create an account", SignUpForm, outcome.state, outcome.status);
});

accountPagesRoutes.post("/account/signout", async (c) => {
  await signOut(c);
  return c.redirect("/", 303);
});

accountPagesRoutes.post("/account/signout-everywhere", async (c) => {
  if (!c.get("session").customerId) return c.redirect("/account/signin?next=%2Faccount", 303);
  await signOutEverywhere(c);
  return c.redirect("/", 303);
});

accountPagesRoutes.get("/account", async (c) => {
  c.header("Cache-Control", "private, no-store");
  const session = currentCustomer(c);
  if (!session) return c.redirect("/account/signin?next=%2Faccount", 303);
  const customer = await fetchCustomer(c, session.id);
  if (!customer) {
    // The account is gone (deleted by support, or a database reset in development).
    await signOut(c);
    return c.redirect("/account/signin?next=%2Faccount", 303);
  }
  return c.html(
    <Layout title="Your account" session={c.get("session")}>
      <AccountOverview customer={customer} />
    </Layout>,
  );
});

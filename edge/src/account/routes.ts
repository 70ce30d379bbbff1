import { createOpenApiApp } from "../../../platform/openapi.ts";
import { completeSignUpRoute, meRoute, signInRoute, signOutEverywhereRoute, signOutRoute, signUpRoute } from "../../../contracts/storefront/account.ts";
import { currentCustomer, signIn, signOut, signOutEverywhere } from "./accounts.ts";
import { completeSignUp, requestSignUp } from "./signup.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The account JSON API (contracts/storefront/account.ts). Sign-up and sign-in re-issue the
 * session cookie with the customer and bring the guest cart along; sign-out starts a fresh guest
 * session.
 */
export const accountRoutes = createOpenApiApp<EdgeEnv>();

// The same 202 whether or not the email has an account; the link in the inbox finishes sign-up.
accountRoutes.openapi(signUpRoute, async (c) => c.json(await requestSignUp(c, c.req.valid("json")), 202));

accountRoutes.openapi(completeSignUpRoute, async (c) => c.json({ customer: await completeSignUp(c, c.req.valid("json").token) }, 201));

accountRoutes.openapi(signInRoute, async (c) => c.json({ customer: await signIn(c, c.req.valid("json")) }, 200));

accountRoutes.openapi(signOutRoute, async (c) => {
  await signOut(c);
  return c.json({ customer: null }, 200);
});

/** Ends every session of the customer, on every device (this one becomes a fresh guest). */
accountRoutes.openapi(signOutEverywhereRoute, async (c) => {
  await signOutEverywhere(c);
  return c.json({ customer: null }, 200);
});

accountRoutes.openapi(meRoute, (c) => {
  c.header("Cache-Control", "private, no-store");
  return c.json({ customer: currentCustomer(c) }, 200);
});

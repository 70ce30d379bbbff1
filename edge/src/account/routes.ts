import { Hono } from "hono";
import { parseJsonBody } from "../../../platform/http.ts";
import { signInSchema, signUpSchema } from "../../../regional-services/customers/contract.ts";
import { completeSignUpSchema } from "../../../regional-services/customers/signup-contract.ts";
import { currentCustomer, signIn, signOut, signOutEverywhere } from "./accounts.ts";
import { completeSignUp, requestSignUp } from "./signup.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The account JSON API under /api/account. Sign-up and sign-in re-issue the session cookie with
 * the customer and bring the guest cart along; sign-out starts a fresh guest session.
 */
export const accountRoutes = new Hono<EdgeEnv>();

// The same 202 whether or not the email has an account; the link in the inbox finishes sign-up.
accountRoutes.post("/signup", async (c) => {
  const input = await parseJsonBody(c, signUpSchema);
  return c.json(await requestSignUp(c, input), 202);
});

accountRoutes.post("/signup/complete", async (c) => {
  const { token } = await parseJsonBody(c, completeSignUpSchema);
  return c.json({ customer: await completeSignUp(c, token) }, 201);
});

accountRoutes.post("/signin", async (c) => {
  const { email, password } = await parseJsonBody(c, signInSchema.pick({ email: true, password: true }));
  return c.json({ customer: await signIn(c, { email, password }) });
});

accountRoutes.post("/signout", async (c) => {
  await signOut(c);
  return c.json({ customer: null });
});

/** Ends every session of the customer, on every device (this one becomes a fresh guest). */
accountRoutes.post("/signout-everywhere", async (c) => {
  await signOutEverywhere(c);
  return c.json({ customer: null });
});

accountRoutes.get("/me", (c) => {
  c.header("Cache-Control", "private, no-store");
  return c.json({ customer: currentCustomer(c) });
});

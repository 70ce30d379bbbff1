import { Hono } from "hono";
import { parseJsonBody } from "../../../platform/http.ts";
import { signInSchema, signUpSchema } from "../../../contracts/customers/api.ts";
import { currentCustomer, signIn, signOut, signUp } from "../account/accounts.ts";
import { sameOriginWrites } from "../account/same-origin.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The account JSON API under /api/account. Sign-up and sign-in re-issue the session cookie with
 * the customer and bring the guest cart along; sign-out starts a fresh guest session.
 */
export const accountRoutes = new Hono<EdgeEnv>();
accountRoutes.use("*", sameOriginWrites());

accountRoutes.post("/signup", async (c) => {
  const input = await parseJsonBody(c, signUpSchema);
  return c.json({ customer: await signUp(c, input) }, 201);
});

accountRoutes.post("/signin", async (c) => {
  const { email, password } = await parseJsonBody(c, signInSchema.pick({ email: true, password: true }));
  return c.json({ customer: await signIn(c, { email, password }) });
});

accountRoutes.post("/signout", async (c) => {
  await signOut(c);
  return c.json({ customer: null });
});

accountRoutes.get("/me", (c) => {
  c.header("Cache-Control", "private, no-store");
  return c.json({ customer: currentCustomer(c) });
});

import type { Context } from "hono";
import type { Customer, SignUpInput } from "../../../contracts/customers/api.ts";
import { completeSignUpRoute, signUpRoute } from "../../../contracts/customers/routes.ts";
import type { SignUpAccepted } from "../../../contracts/customers/signup.ts";
import type { EdgeEnv } from "../types.ts";
import { becomeCustomer, callCustomers, clientKey } from "./accounts.ts";

/**
 * Sign-up by email at the edge. Asking answers the same for a new and a taken email (the
 * customers service writes the difference to the address's inbox); following the emailed link
 * creates the account and signs in the browser that followed it, bringing its guest cart and
 * orders along, as sign-in does.
 */
export function requestSignUp(c: Context<EdgeEnv>, input: SignUpInput, next = "/"): Promise<SignUpAccepted> {
  const verifyUrl = new URL("/account/verify", c.req.url);
  if (next !== "/") verifyUrl.searchParams.set("next", next);
  return callCustomers(c, signUpRoute, {
    json: { email: input.email, password: input.password, name: input.name, clientKey: clientKey(c), verifyUrl: verifyUrl.toString() },
  });
}

export async function completeSignUp(c: Context<EdgeEnv>, token: string): Promise<Customer> {
  const { customer } = await callCustomers(c, completeSignUpRoute, { json: { token } });
  await becomeCustomer(c, customer);
  return customer;
}

import type { Context } from "hono";
import type { Customer, CustomerResponse, SignUpInput } from "../../../regional-services/customers/contract.ts";
import type { SignUpAccepted } from "../../../regional-services/customers/signup-contract.ts";
import type { EdgeEnv } from "../types.ts";
import { becomeCustomer, callCustomersJson, clientKey } from "./accounts.ts";

/**
 * Sign-up by email at the edge. Asking answers the same for a new and a taken email (the
 * customers service writes the difference to the address's inbox); following the emailed link
 * creates the account and signs in the browser that followed it, bringing its guest cart and
 * orders along, as sign-in does.
 */
export function requestSignUp(c: Context<EdgeEnv>, input: SignUpInput, next = "/"): Promise<SignUpAccepted> {
  const verifyUrl = new URL("/account/verify", c.req.url);
  if (next !== "/") verifyUrl.searchParams.set("next", next);
  return callCustomersJson<SignUpAccepted>(c, "/customers/signup", {
    email: input.email,
    password: input.password,
    name: input.name,
    clientKey: clientKey(c),
    verifyUrl: verifyUrl.toString(),
  });
}

export async function completeSignUp(c: Context<EdgeEnv>, token: string): Promise<Customer> {
  const { customer } = await callCustomersJson<CustomerResponse>(c, "/customers/signup/complete", { token });
  await becomeCustomer(c, customer);
  return customer;
}

import { Shopper } from "./cart-fixtures.ts";

/** Account set-up shared by the account specs: a customer with a password, signed in on a fresh browser. */
export async function createAccount(email: string, password: string, name?: string): Promise<Shopper> {
  const shopper = new Shopper();
  const res = await shopper.json("/api/account/signup", "POST", { email, password, ...(name === undefined ? {} : { name }) });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  return shopper;
}

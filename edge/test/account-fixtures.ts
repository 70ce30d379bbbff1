import { Shopper } from "./cart-fixtures.ts";

/**
 * Account set-up shared by the account specs. Sign-up goes by email: ask, read the link from the
 * development mailbox (/dev/mailbox, served in ENVIRONMENT=test), follow it.
 */

/** The newest sign-up link sent to `email`, as the development mailbox shows it. */
export async function mailboxLink(email: string): Promise<string> {
  const res = await new Shopper().fetch(`/dev/mailbox?to=${encodeURIComponent(email.toLowerCase())}`);
  if (res.status !== 200) throw new Error(`/dev/mailbox answered ${res.status}: ${await res.text()}`);
  const href = /<a href="([^"]+\/account\/verify[^"]*)"/.exec(await res.text())?.[1];
  if (!href) throw new Error(`no sign-up link in the mailbox of ${email}`);
  return href.replaceAll("&amp;", "&");
}

export async function mailboxToken(email: string): Promise<string> {
  const token = new URL(await mailboxLink(email)).searchParams.get("token");
  if (!token) throw new Error(`the sign-up link for ${email} has no token`);
  return token;
}

/** A customer with a password, signed up through the emailed link and signed in on `shopper`. */
export async function createAccount(email: string, password: string, name?: string, shopper = new Shopper()): Promise<Shopper> {
  const res = await shopper.json("/api/account/signup", "POST", { email, password, ...(name === undefined ? {} : { name }) });
  if (res.status !== 202) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  const done = await shopper.json("/api/account/signup/complete", "POST", { token: await mailboxToken(email) });
  if (done.status !== 201) throw new Error(`completing sign-up answered ${done.status}: ${await done.text()}`);
  return shopper;
}

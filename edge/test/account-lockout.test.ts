import { describe, expect, it } from "vitest";
import { createAccount } from "./account-fixtures.ts";
import { Shopper, type ErrorJson } from "./cart-fixtures.ts";

/**
 * Sign-in limits through the edge, which passes the shopper's IP (cf-connecting-ip) as the client
 * key: a client guessing one account's password is slowed, the account's owner elsewhere is not.
 */
const PASSWORD = "the owner's own password";
const uniqueEmail = () => `lockout-${crypto.randomUUID().slice(0, 8)}@example.com`;
/** Unique per run too: the test stack's Redis outlives a run, and so would a fixed address's counters. */
const uniqueIp = () => `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;

function signInFrom(ip: string, email: string, password: string): Promise<Response> {
  return new Shopper().fetch("/api/account/signin", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ email, password }),
  });
}

describe("sign-in lockout", () => {
  it("slows an attacker's client without locking the owner, signing in from elsewhere, out", async () => {
    const email = uniqueEmail();
    await createAccount(email, PASSWORD);
    const attacker = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signInFrom(attacker, email, `guess number ${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const refused = await signInFrom(attacker, email, PASSWORD);
    expect(refused.status).toBe(429);
    expect((await refused.json<ErrorJson>()).error.code).toBe("RATE_LIMITED");

    const owner = await signInFrom(uniqueIp(), email, PASSWORD);
    expect(owner.status).toBe(200);
  });
});

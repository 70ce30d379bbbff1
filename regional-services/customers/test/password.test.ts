import { describe, expect, it } from "vitest";
import { CURRENT_PARAMS, dummyHash, hashPassword, needsRehash, verifyPassword } from "../password.ts";

describe("password hashing (scrypt)", () => {
  it("stores the parameters, a salt and a key — never the password itself", async () => {
    const hash = await hashPassword("correct horse battery");
    const [scheme, N, r, p, salt, key] = hash.split("$");
    expect(scheme).toBe("scrypt");
    expect([Number(N), Number(r), Number(p)]).toEqual([2 ** 15, 8, 1]);
    expect(Buffer.from(salt ?? "", "base64url")).toHaveLength(16);
    expect(Buffer.from(key ?? "", "base64url")).toHaveLength(32);
    expect(hash).not.toContain("correct horse battery");
  });

  it("verifies the right password and rejects any other", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash, so one password never hashes the same way twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("treats canonically equivalent Unicode spellings as the same password", async () => {
    const composed = "caf\u00e9-password";
    const decomposed = "cafe\u0301-password";
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it("verifies hashes made with older, weaker parameters and flags them for an upgrade", async () => {
    const old = await hashPassword("an older account", { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword("an older account", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("a new account"))).toBe(false);
  });

  it("verifies nothing against a malformed or absurdly expensive stored hash", async () => {
    const good = await hashPassword("some password");
    const parts = good.split("$");
    expect(await verifyPassword("some password", "plain-text")).toBe(false);
    expect(await verifyPassword("some password", ["bcrypt", ...parts.slice(1)].join("$"))).toBe(false);
    expect(await verifyPassword("some password", ["scrypt", 2 ** 30, 8, 1, parts[4], parts[5]].join("$"))).toBe(false);
    expect(await verifyPassword("some password", ["scrypt", 1000, 8, 1, parts[4], parts[5]].join("$"))).toBe(false);
  });

  it("keeps one dummy hash per process for unknown emails, at today's cost", async () => {
    const first = await dummyHash();
    expect(await dummyHash()).toBe(first);
    expect(needsRehash(first, CURRENT_PARAMS)).toBe(false);
  });
});

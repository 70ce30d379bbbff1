import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../platform/errors.ts";
import { findCustomer, signIn, signUp, type VerifyPassword } from "../accounts.ts";
import { signUpSchema } from "../../../contracts/customers/api.ts";
import { CURRENT_PARAMS, dummyHash, hashPassword, verifyPassword } from "../password.ts";
import { customers } from "../schema.ts";
import { availableDrivers, openTestDatabase, type TestDatabase } from "./databases.ts";

const drivers = await availableDrivers();
const input = (email: string, password = "long enough password", name?: string) => signUpSchema.parse({ email, password, name });

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, status: err.status, message: err.message };
}

describe.each(drivers)("customer accounts (%s)", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await t.close();
  });

  it("signs up a customer with a lower-cased email and returns no password material", async () => {
    const customer = await signUp(t.db, input("  Ada@Example.COM ", "long enough password", "Ada"));
    expect(customer).toEqual({ id: expect.any(String), email: "ada@example.com", name: "Ada" });
    expect(await findCustomer(t.db, customer.id)).toEqual(customer);
  });

  it("stores a hash that is not the password and verifies it", async () => {
    const customer = await signUp(t.db, input("hash@example.com", "my secret words"));
    const [row] = await t.db.select().from(customers).where(sql`${customers.id} = ${customer.id}`);
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row?.passwordHash).not.toContain("my secret words");
    expect(await verifyPassword("my secret words", row?.passwordHash ?? "")).toBe(true);
  });

  it("refuses a second account for the same email in any letter case", async () => {
    await signUp(t.db, input("grace@example.com"));
    expect(await failure(signUp(t.db, input("GRACE@example.com")))).toMatchObject({ code: "EMAIL_TAKEN", status: 409 });
  });

  it("gives exactly one of two simultaneous sign-ups for one email the account", async () => {
    const results = await Promise.allSettled([signUp(t.db, input("race@example.com")), signUp(t.db, input("Race@Example.com"))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(customers).where(sql`${customers.email} = 'race@example.com'`);
    expect(count?.n).toBe(1);
  });

  it("makes mixed-case emails impossible even for writes that bypass the service", async () => {
    const direct = t.db.insert(customers).values({ id: crypto.randomUUID(), email: "Upper@Example.com", passwordHash: "x" });
    await expect(direct).rejects.toThrow();
  });

  it("signs in with the right password, whatever the email's letter case", async () => {
    const created = await signUp(t.db, input("linus@example.com", "penguins rule"));
    expect(await signIn(t.db, { email: "linus@example.com", password: "penguins rule" })).toEqual(created);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    await signUp(t.db, input("margaret@example.com", "apollo eleven"));
    const wrong = await failure(signIn(t.db, { email: "margaret@example.com", password: "apollo twelve" }));
    const unknown = await failure(signIn(t.db, { email: "nobody@example.com", password: "apollo eleven" }));
    expect(wrong).toEqual({ code: "INVALID_CREDENTIALS", status: 401, message: "email or password is incorrect" });
    expect(unknown).toEqual(wrong);
  });

  it("runs the password KDF for an unknown email too, against a dummy hash of the same cost", async () => {
    await signUp(t.db, input("kdf@example.com", "the real password"));
    const verified: { stored: string; ok: boolean }[] = [];
    const counting: VerifyPassword = async (password, stored) => {
      // The real scrypt still runs: only the call is recorded.
      const ok = await verifyPassword(password, stored);
      verified.push({ stored, ok });
      return ok;
    };
    await failure(signIn(t.db, { email: "kdf@example.com", password: "not the password" }, counting));
    await failure(signIn(t.db, { email: "no-such-person@example.com", password: "not the password" }, counting));
    expect(verified.map((v) => v.ok)).toEqual([false, false]);
    const [wrongPassword, unknownEmail] = verified.map((v) => v.stored);
    expect(unknownEmail).toBe(await dummyHash());
    // Same scrypt parameters (N, r, p), so "no such account" costs what "wrong password" does.
    const costOf = (stored: string | undefined) => stored?.split("$").slice(0, 4).join("$");
    expect(costOf(unknownEmail)).toBe(costOf(wrongPassword));
    expect(costOf(unknownEmail)).toBe(`scrypt$${CURRENT_PARAMS.N}$${CURRENT_PARAMS.r}$${CURRENT_PARAMS.p}`);
  });

  it("upgrades a hash made with older parameters when its owner signs in", async () => {
    const id = crypto.randomUUID();
    const weak = await hashPassword("an old account", { N: 2 ** 12, r: 8, p: 1 });
    await t.db.insert(customers).values({ id, email: "old@example.com", passwordHash: weak });
    await signIn(t.db, { email: "old@example.com", password: "an old account" });
    const [row] = await t.db.select().from(customers).where(sql`${customers.id} = ${id}`);
    expect(row?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("an old account", row?.passwordHash ?? "")).toBe(true);
  });

  it("finds no customer for an unknown id", async () => {
    expect(await findCustomer(t.db, crypto.randomUUID())).toBeUndefined();
  });
});

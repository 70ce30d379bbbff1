import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../domain/errors.ts";
import { findCustomer, signIn, signUp } from "../accounts.ts";
import { signUpSchema } from "../contract.ts";
import { hashPassword, verifyPassword } from "../password.ts";
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

  it("takes about as long for an unknown email as for a wrong password (both run scrypt)", async () => {
    await signUp(t.db, input("timing@example.com", "the real password"));
    const median = async (attempt: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await attempt().catch(() => undefined);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2] ?? 0;
    };
    const wrong = await median(() => signIn(t.db, { email: "timing@example.com", password: "not the password" }));
    const unknown = await median(() => signIn(t.db, { email: "no-such-person@example.com", password: "not the password" }));
    // Without the dummy hash an unknown email would answer in well under a millisecond.
    expect(unknown).toBeGreaterThan(wrong * 0.4);
    expect(unknown).toBeLessThan(wrong * 2.5);
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

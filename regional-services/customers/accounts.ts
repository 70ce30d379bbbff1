import { eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import type { Customer, SignInInput, SignUpInput } from "../../contracts/customers/api.ts";
import type { CustomersDb } from "./db.ts";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { customers, type CustomerRow } from "./schema.ts";

/** Account operations: what the routes call, free of HTTP. */

export const invalidCredentials = () => new AppError("INVALID_CREDENTIALS", "email or password is incorrect");

function toCustomer(row: Pick<CustomerRow, "id" | "email" | "name">): Customer {
  return { id: row.id, email: row.email, name: row.name };
}

/**
 * Creates an account. The UNIQUE constraint on the (lower-cased) email decides races: of two
 * sign-ups with one email at once, exactly one gets the account and the other EMAIL_TAKEN.
 */
export async function signUp(db: CustomersDb, input: SignUpInput): Promise<Customer> {
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(customers)
    .values({ id: crypto.randomUUID(), email: input.email, name: input.name ?? null, passwordHash })
    .onConflictDoNothing({ target: customers.email })
    .returning({ id: customers.id, email: customers.email, name: customers.name });
  if (!row) throw new AppError("EMAIL_TAKEN", "an account with this email already exists");
  return toCustomer(row);
}

/** Checks a password against a stored hash: `verifyPassword`, or a spec's wrapper around it. */
export type VerifyPassword = (password: string, stored: string) => Promise<boolean>;

/**
 * Checks credentials. An unknown email is verified against a dummy hash, so it answers exactly
 * like a wrong password and in about the same time: neither reveals whether the account exists.
 */
export async function signIn(db: CustomersDb, input: Pick<SignInInput, "email" | "password">, verify: VerifyPassword = verifyPassword): Promise<Customer> {
  const [row] = await db.select().from(customers).where(eq(customers.email, input.email)).limit(1);
  const ok = await verify(input.password, row?.passwordHash ?? (await dummyHash()));
  if (!row || !ok) throw invalidCredentials();
  if (needsRehash(row.passwordHash)) {
    // The only moment the plain password is at hand: upgrade hashes made with older parameters.
    const passwordHash = await hashPassword(input.password);
    await db.update(customers).set({ passwordHash }).where(eq(customers.id, row.id));
  }
  return toCustomer(row);
}

export async function findCustomer(db: CustomersDb, id: string): Promise<Customer | undefined> {
  const [row] = await db
    .select({ id: customers.id, email: customers.email, name: customers.name })
    .from(customers)
    .where(eq(customers.id, id))
    .limit(1);
  return row ? toCustomer(row) : undefined;
}

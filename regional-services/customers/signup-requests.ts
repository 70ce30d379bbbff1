import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { AppError } from "../../domain/errors.ts";
import type { Customer } from "./contract.ts";
import type { CustomersDb } from "./db.ts";
import { writeMessage, type MessageOptions } from "./outbox-messages.ts";
import { hashPassword } from "./password.ts";
import { customers, signupRequests } from "./schema.ts";
import { SIGN_UP_ACCEPTED_MESSAGE, type SignUpAccepted, type SignUpRequestInput } from "./signup-contract.ts";

/**
 * Sign-up that does not reveal which emails have accounts. Both cases answer the same and do
 * about the same work (a lookup, a scrypt hash, a message written); only the message differs:
 *  - a new email gets a single-use link (its token stored hashed, valid for a day) that
 *    creates the account when followed, so an account is only made by whoever reads the mail;
 *  - a taken email gets a note that someone tried, and how to sign in or reset the password.
 */
export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

function withToken(verifyUrl: string | undefined, token: string): string {
  if (!verifyUrl) return `/account/verify?token=${token}`;
  const url = new URL(verifyUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

export async function requestSignUp(db: CustomersDb, input: SignUpRequestInput, options: MessageOptions): Promise<SignUpAccepted> {
  const [existing] = await db.select({ id: customers.id }).from(customers).where(eq(customers.email, input.email)).limit(1);
  // Hashed in both cases, so a taken email costs what a new one does.
  const passwordHash = await hashPassword(input.password);
  if (existing) {
    await writeMessage(
      db,
      {
        to: input.email,
        kind: "signup_existing_account",
        subject: "Someone tried to create an account with your email",
        body: "Someone (perhaps you) tried to create an edgeshop account with this email address, which already has one. If it was you, sign in, or reset your password if you have forgotten it. If it was not you, you can ignore this message: nothing has changed.",
      },
      options,
    );
  } else {
    const token = randomBytes(32).toString("base64url");
    await db.insert(signupRequests).values({
      id: crypto.randomUUID(),
      email: input.email,
      name: input.name ?? null,
      passwordHash,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SIGN_UP_LINK_TTL_MS),
    });
    const link = withToken(input.verifyUrl, token);
    await writeMessage(
      db,
      {
        to: input.email,
        kind: "signup_verify",
        subject: "Finish creating your edgeshop account",
        body: `Follow this link within 24 hours to finish creating your account: ${link}\nIf you did not ask for an account, ignore this message.`,
        link,
      },
      options,
    );
  }
  return { status: "check_inbox", message: SIGN_UP_ACCEPTED_MESSAGE };
}

export const invalidSignUpLink = () => new AppError("INVALID_TOKEN", 400, "this sign-up link is invalid, has expired or was already used; sign up again");

/**
 * Follows a link: uses the token up (one atomic UPDATE, so two clicks at once cannot both get
 * through) and creates the account. If an account with the email appeared meanwhile (another
 * link for it was followed first), nothing is created and the shopper is told to sign in.
 */
export async function completeSignUp(db: CustomersDb, token: string): Promise<Customer> {
  const [request] = await db
    .update(signupRequests)
    .set({ usedAt: sql`now()` })
    .where(and(eq(signupRequests.tokenHash, hashToken(token)), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, sql`now()`)))
    .returning();
  if (!request) throw invalidSignUpLink();
  const [row] = await db
    .insert(customers)
    .values({ id: crypto.randomUUID(), email: request.email, name: request.name, passwordHash: request.passwordHash })
    .onConflictDoNothing({ target: customers.email })
    .returning({ id: customers.id, email: customers.email, name: customers.name });
  if (!row) throw new AppError("EMAIL_TAKEN", 409, "an account with this email already exists; sign in instead");
  return { id: row.id, email: row.email, name: row.name };
}

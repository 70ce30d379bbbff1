import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Actor } from "../../contracts/admin/actor.ts";
import type { CreateStaffInput, PatchStaffInput, Staff, StaffSignInInput } from "../../contracts/admin/api.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { invalidCredentials } from "./accounts.ts";
import { revokeTokensOf } from "./api-tokens.ts";
import { recordAudit } from "./audit.ts";
import type { CustomersDb } from "./db.ts";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { staff, type StaffRow } from "./staff-schema.ts";

/** Staff accounts: what the staff routes call, free of HTTP. */

export function toStaff(row: StaffRow): Staff {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabledAt !== null, createdAt: row.createdAt.toISOString() };
}

/**
 * Checks a member's credentials as shoppers' are checked (accounts.ts `signIn`): an unknown email
 * and a disabled member cost the same scrypt work and get the same answer as a wrong password.
 */
export async function signInStaff(db: CustomersDb, input: Pick<StaffSignInInput, "email" | "password">): Promise<Staff> {
  const [row] = await db.select().from(staff).where(eq(staff.email, input.email)).limit(1);
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash()));
  if (!row || !ok || row.disabledAt !== null) throw invalidCredentials();
  if (needsRehash(row.passwordHash)) {
    await db.update(staff).set({ passwordHash: await hashPassword(input.password) }).where(eq(staff.id, row.id));
  }
  return toStaff(row);
}

export async function listStaff(db: CustomersDb): Promise<Staff[]> {
  return (await db.select().from(staff).orderBy(asc(staff.createdAt), asc(staff.email))).map(toStaff);
}

/**
 * Adds a member and its audit entry in one transaction. The UNIQUE email decides races: of two
 * creations with one email, one gets the member and the other EMAIL_TAKEN.
 */
export async function createStaff(db: CustomersDb, input: CreateStaffInput, actor: Actor, requestId: string): Promise<Staff> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staff)
      .values({ id: crypto.randomUUID(), email: input.email, name: input.name ?? null, role: input.role, passwordHash })
      .onConflictDoNothing({ target: staff.email })
      .returning();
    if (!row) throw new AppError("EMAIL_TAKEN", "a staff member with this email already exists");
    const created = toStaff(row);
    await recordAudit(tx, actor, { action: "staff.create", target: `staff:${created.id}`, before: null, after: created, requestId });
    return created;
  });
}

/**
 * Changes a member's role or switches them off. The shop must keep an active owner: demoting or
 * disabling the last one is refused. The member's row and every owner's are locked by one
 * statement in id order, so two owners demoting each other at once queue (never deadlock) and the
 * second sees the first's change: one of them stays owner.
 */
export async function patchStaff(db: CustomersDb, id: string, input: PatchStaffInput, actor: Actor, requestId: string): Promise<Staff> {
  return db.transaction(async (tx) => {
    const locked = await tx.select().from(staff).where(or(eq(staff.id, id), eq(staff.role, "owner"))).orderBy(asc(staff.id)).for("update");
    const row = locked.find((r) => r.id === id);
    if (!row) throw notFound(`no staff member ${id}`);
    const stopsBeingOwner = row.role === "owner" && row.disabledAt === null && ((input.role !== undefined && input.role !== "owner") || input.disabled === true);
    const otherOwners = locked.filter((r) => r.id !== id && r.role === "owner" && r.disabledAt === null);
    if (stopsBeingOwner && otherOwners.length === 0) throw new AppError("LAST_OWNER", "the shop must keep an active owner: make another member owner first");
    const disabledAt = input.disabled === undefined ? row.disabledAt : input.disabled ? (row.disabledAt ?? new Date()) : null;
    const [updated] = await tx
      .update(staff)
      .set({ role: input.role ?? row.role, disabledAt })
      .where(eq(staff.id, id))
      .returning();
    if (!updated) throw notFound(`no staff member ${id}`);
    const after = toStaff(updated);
    await recordAudit(tx, actor, { action: "staff.update", target: `staff:${id}`, before: toStaff(row), after, requestId });
    // Tokens speak with their creator's authority (only owners make them): when that authority
    // ends — the member is switched off or is no longer an owner — so do the tokens they made.
    const authorityEnds = (after.disabled && row.disabledAt === null) || (row.role === "owner" && after.role !== "owner");
    if (authorityEnds) await revokeTokensOf(tx, row.email, actor, requestId);
    return after;
  });
}

/** Whether any active owner exists: the one-time first-owner command refuses when one does. */
export async function hasOwner(db: CustomersDb): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(staff).where(and(eq(staff.role, "owner"), isNull(staff.disabledAt)));
  return (row?.n ?? 0) > 0;
}

/** Who made the first owner, in the audit log: the command line, not a person. */
export const SETUP_ACTOR: Actor = { kind: "staff", id: "setup", email: "admin:create-owner", role: "owner" };

/**
 * The first owner, made by `npm run admin:create-owner` (and by `npm run dev`, with the dev
 * credentials). Refused when an active owner exists: after that, owners add staff through the admin.
 */
export async function createFirstOwner(db: CustomersDb, input: Omit<CreateStaffInput, "role">, requestId = "admin:create-owner"): Promise<Staff> {
  if (await hasOwner(db)) throw new Error("an owner already exists; owners add staff in the admin (/admin)");
  return createStaff(db, { ...input, role: "owner" }, SETUP_ACTOR, requestId);
}

/**
 * The dev owner (`npm run dev`, the test stacks): the published dev credentials, made once when
 * the shop has no owner at all; undefined when the shop has owners but not this one (someone made
 * their own, and the dev credentials do not exist). Never called in production, where only the
 * one-time command makes the first owner, with a password nobody has seen before.
 */
export async function ensureDevOwner(db: CustomersDb): Promise<{ email: string; password: string; created: boolean } | undefined> {
  const credentials = { email: DEV_OWNER_EMAIL, password: DEV_SECRETS.DEV_OWNER_PASSWORD };
  if (await hasOwner(db)) {
    const [devOwner] = await db.select({ id: staff.id }).from(staff).where(eq(staff.email, DEV_OWNER_EMAIL)).limit(1);
    return devOwner ? { ...credentials, created: false } : undefined;
  }
  try {
    await createFirstOwner(db, { ...credentials, name: "Dev owner" }, "dev:owner");
  } catch (err) {
    // Two starts at once: the other one made it.
    if (!(err instanceof AppError && err.code === "EMAIL_TAKEN")) throw err;
  }
  return { ...credentials, created: true };
}

import { randomBytes } from "node:crypto";
import { asc, eq, and, isNull } from "drizzle-orm";
import { API_TOKEN_PREFIX, type ApiToken, type CreateTokenInput } from "../../contracts/admin/api.ts";
import type { Actor } from "../../contracts/admin/actor.ts";
import { notFound, unauthorized } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/signing.ts";
import { recordAudit } from "./audit.ts";
import type { Transaction } from "../shared/db.ts";
import type { CustomersDb, CustomersSchema } from "./db.ts";
import { apiTokens, type ApiTokenRow } from "./staff-schema.ts";

/**
 * API tokens for merchants' scripts and integrations. The secret is 32 random bytes, shown once in
 * the creation answer; only its SHA-256 is stored (a fast hash is enough: unlike a password, the
 * secret has 256 bits of entropy, so there is nothing to guess offline).
 */
function toToken(row: ApiTokenRow): ApiToken {
  return { id: row.id, name: row.name, scopes: row.scopes as ApiToken["scopes"], createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), revoked: row.revokedAt !== null };
}

const createdByOf = (actor: Actor) => (actor.kind === "staff" ? actor.email : `token ${actor.name}`);

export async function createToken(db: CustomersDb, input: CreateTokenInput, actor: Actor, requestId: string): Promise<{ token: ApiToken; secret: string }> {
  const secret = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const scopes = [...new Set(input.scopes)];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ id: crypto.randomUUID(), name: input.name, tokenHash: await sha256Hex(secret), scopes, createdBy: createdByOf(actor) })
      .returning();
    if (!row) throw new Error("token insert returned no row");
    const token = toToken(row);
    await recordAudit(tx, actor, { action: "token.create", target: `token:${token.id}`, before: null, after: token, requestId });
    return { token, secret };
  });
}

export async function listTokens(db: CustomersDb): Promise<ApiToken[]> {
  return (await db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt))).map(toToken);
}

/** Revoking twice answers the same revoked token; the first revocation's time is kept. */
export async function revokeToken(db: CustomersDb, id: string, actor: Actor, requestId: string): Promise<ApiToken> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update").limit(1);
    if (!row) throw notFound(`no API token ${id}`);
    if (row.revokedAt !== null) return toToken(row);
    const [updated] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    if (!updated) throw notFound(`no API token ${id}`);
    const token = toToken(updated);
    await recordAudit(tx, actor, { action: "token.revoke", target: `token:${id}`, before: toToken(row), after: token, requestId });
    return token;
  });
}

/** The actor a secret stands for; 401 for one that is unknown or revoked (the same answer). */
/** Revokes every live token `email` made, each with its audit entry, inside the caller's transaction. */
export async function revokeTokensOf(tx: Transaction<CustomersSchema>, email: string, actor: Actor, requestId: string): Promise<void> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.createdBy, email), isNull(apiTokens.revokedAt)))
    .returning();
  for (const row of revoked) {
    const token = toToken(row);
    await recordAudit(tx, actor, { action: "token.revoke", target: `token:${token.id}`, before: { ...token, revoked: false }, after: token, requestId });
  }
}

export async function verifyToken(db: CustomersDb, secret: string): Promise<Actor> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) throw unauthorized("the API token is not valid (unknown or revoked)");
  const token = toToken(row);
  return { kind: "token", id: token.id, name: token.name, scopes: token.scopes };
}

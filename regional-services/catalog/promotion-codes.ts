import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { PROMOTION_CODES_GENERATED, type PromotionCodesGenerated } from "../../contracts/promotions/events.ts";
import type { GenerateCodes } from "../../contracts/promotions/requests.ts";
import { AppError } from "../../platform/errors.ts";
import { appendEvents } from "../shared/outbox.ts";
import type { CatalogDb, CatalogTx } from "./db.ts";
import { lockForChange } from "./promotions.ts";
import { promotionCodeBatches, promotionCodes } from "./schema.ts";

/**
 * Bulk single-use codes. Each is crypto-random over an alphabet without look-alikes (no 0/O,
 * 1/I/L), 10 characters: 31^10 ≈ 8 × 10^14 codes, so a clash with an existing one is rare and simply
 * drawn again. All codes of one request are inserted in batches in one transaction and published
 * as `promotion.codes_generated` events of at most 1,000 codes each.
 */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 10;
export const CODES_PER_EVENT = 1_000;
const INSERT_BATCH = 2_000;

/** `count` distinct random codes, `PREFIX-XXXXXXXXXX` (or bare without a prefix). */
export function randomCodes(count: number, prefix?: string): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    // Rejection sampling keeps every character equally likely: 248 is the largest multiple of 31 below 256.
    const bytes = randomBytes((count - codes.size) * CODE_LENGTH * 2);
    let code = "";
    for (const byte of bytes) {
      if (byte >= 248) continue;
      code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
      if (code.length === CODE_LENGTH) {
        codes.add(prefix ? `${prefix}-${code}` : code);
        code = "";
        if (codes.size === count) break;
      }
    }
  }
  return [...codes];
}

/** Inserts what it can of `codes`; returns those that were free. */
async function insertFree(tx: CatalogTx, promotionId: string, codes: readonly string[], batchKey: string | null): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < codes.length; i += INSERT_BATCH) {
    const rows = await tx
      .insert(promotionCodes)
      .values(codes.slice(i, i + INSERT_BATCH).map((code) => ({ code, promotionId, singleUse: true, batchKey })))
      .onConflictDoNothing()
      .returning({ code: promotionCodes.code });
    inserted.push(...rows.map((r) => r.code));
  }
  return inserted;
}

export interface GeneratedCodes {
  promotionId: string;
  codes: string[];
}

/**
 * Generates single-use codes for a code promotion that is not archived. With an idempotency key,
 * the first request's codes are answered again (sorted) for the same request, and a different request
 * under the key is refused.
 */
export async function generateCodes(db: CatalogDb, promotionId: string, request: GenerateCodes, idempotencyKey?: string): Promise<GeneratedCodes> {
  return db.transaction(async (tx) => {
    const promotion = await lockForChange(tx, promotionId);
    if (promotion.activation !== "code") throw new AppError("PROMOTION_STATE_CONFLICT", `promotion ${promotionId} is automatic; only code promotions have codes`);
    const requestText = JSON.stringify({ promotionId, count: request.count, prefix: request.prefix ?? null });
    const batchKey = idempotencyKey ?? null;
    if (batchKey !== null) {
      const [claimed] = await tx.insert(promotionCodeBatches).values({ key: batchKey, promotionId, request: requestText }).onConflictDoNothing().returning();
      if (!claimed) return replay(tx, batchKey, requestText);
    }
    const codes: string[] = [];
    while (codes.length < request.count) {
      codes.push(...(await insertFree(tx, promotionId, randomCodes(request.count - codes.length, request.prefix), batchKey)));
    }
    const events: { type: string; subject: string; payload: PromotionCodesGenerated }[] = [];
    for (let i = 0; i < codes.length; i += CODES_PER_EVENT) {
      events.push({ type: PROMOTION_CODES_GENERATED, subject: promotionId, payload: { promotionId, codes: codes.slice(i, i + CODES_PER_EVENT) } });
    }
    await appendEvents(tx, events);
    return { promotionId, codes };
  });
}

async function replay(tx: CatalogTx, key: string, requestText: string): Promise<GeneratedCodes> {
  const [batch] = await tx.select().from(promotionCodeBatches).where(eq(promotionCodeBatches.key, key));
  if (!batch || batch.request !== requestText) throw new AppError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different code generation");
  const rows = await tx
    .select({ code: promotionCodes.code })
    .from(promotionCodes)
    .where(eq(promotionCodes.batchKey, key))
    .orderBy(asc(promotionCodes.code));
  return { promotionId: batch.promotionId, codes: rows.map((r) => r.code) };
}

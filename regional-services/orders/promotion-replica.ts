import { and, eq, inArray, isNull, lte, or, gt } from "drizzle-orm";
import { PROMOTION_CODES_GENERATED, PROMOTION_UPSERTED, promotionCodesGeneratedSchema, promotionUpsertedSchema } from "../../contracts/promotions/events.ts";
import type { PromotionDefinition } from "../../domain/promotions/model.ts";
import { parsePayload, type OutboxEvent } from "../shared/outbox.ts";
import type { OrdersDb, OrdersTx } from "./db.ts";
import { promotionCodes, promotions } from "./schema.ts";

/**
 * The orders service's replica of the catalog's promotions: definitions and generated single-use
 * codes, kept from the catalog feed, so checkout evaluates and counts uses without calling the
 * catalog. Uses themselves are counted here only (promotion-redemptions.ts).
 */
type Reader = Pick<OrdersDb | OrdersTx, "select">;

/** Applies `promotion.upserted` and `promotion.codes_generated`; returns false for any other event. */
export async function applyPromotionEvent(tx: OrdersTx, event: OutboxEvent): Promise<boolean> {
  if (event.type === PROMOTION_UPSERTED) {
    await upsertPromotion(tx, parsePayload(promotionUpsertedSchema, event));
    return true;
  }
  if (event.type === PROMOTION_CODES_GENERATED) {
    const { promotionId, codes } = parsePayload(promotionCodesGeneratedSchema, event);
    // A redelivered batch must not free a code an order already used: existing codes are kept as they are.
    await tx
      .insert(promotionCodes)
      .values(codes.map((code) => ({ code: code.trim().toUpperCase(), promotionId, singleUse: true })))
      .onConflictDoNothing({ target: promotionCodes.code });
    return true;
  }
  return false;
}

async function upsertPromotion(tx: OrdersTx, definition: PromotionDefinition): Promise<void> {
  const row = {
    id: definition.id,
    definition,
    status: definition.status,
    activation: definition.activation,
    startsAt: definition.startsAt === null ? null : new Date(definition.startsAt),
    endsAt: definition.endsAt === null ? null : new Date(definition.endsAt),
    updatedAt: new Date(definition.updatedAt),
  };
  // Events can be redelivered and a feed replayed: an older definition never replaces a newer one.
  await tx
    .insert(promotions)
    .values(row)
    .onConflictDoUpdate({ target: promotions.id, set: row, setWhere: lte(promotions.updatedAt, row.updatedAt) });
}

/** A generated code as checkout needs it: its promotion and whether an order has it. */
export interface SingleUseCode {
  promotionId: string;
  used: boolean;
}

/** The entered codes that are generated single-use codes (normalised code → what it is). */
export async function singleUseCodes(db: Reader, codes: readonly string[]): Promise<Map<string, SingleUseCode>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select().from(promotionCodes).where(inArray(promotionCodes.code, [...codes]));
  return new Map(rows.map((r) => [r.code, { promotionId: r.promotionId, used: r.orderId !== null }]));
}

/**
 * The definitions that can apply to a checkout at `now`: active and inside their window, and
 * either automatic or named by an entered code (reusable, or the promotion of a generated one).
 * A code for a promotion that is not live is still loaded, so the shopper hears why it failed.
 */
export async function candidatePromotions(db: Reader, codes: readonly string[], generated: ReadonlyMap<string, SingleUseCode>, now: Date): Promise<PromotionDefinition[]> {
  const live = and(eq(promotions.status, "active"), or(isNull(promotions.startsAt), lte(promotions.startsAt, now)), or(isNull(promotions.endsAt), gt(promotions.endsAt, now)));
  const automatic = await db.select({ definition: promotions.definition }).from(promotions).where(and(live, eq(promotions.activation, "automatic")));
  const found = new Map(automatic.map((r) => [r.definition.id, r.definition]));
  if (codes.length > 0) {
    // Reusable codes live inside the definition; code promotions are few next to orders, so this stays small.
    const byCode = await db.select({ definition: promotions.definition }).from(promotions).where(eq(promotions.activation, "code"));
    const wanted = new Set(codes);
    const ofGenerated = new Set([...generated.values()].map((c) => c.promotionId));
    for (const { definition } of byCode) {
      if (ofGenerated.has(definition.id) || definition.codes.some((c) => wanted.has(c.toUpperCase()))) found.set(definition.id, definition);
    }
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

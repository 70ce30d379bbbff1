import type { PromotionDefinition } from "../../../domain/promotions/model.ts";
import type { OrdersDb } from "../db.ts";
import { applyCatalogEvent } from "../catalog-feed.ts";

/** Promotion definitions and the catalog events that carry them, as the promotion specs use them. */
let seq = 1_000_000;

export function promotion(id: string, overrides: Partial<PromotionDefinition> = {}): PromotionDefinition {
  return {
    id,
    name: id,
    description: `${id} discount`,
    status: "active",
    activation: "code",
    codes: [],
    target: "order",
    effect: { kind: "fixed_amount", amountOff: { USD: 500, EUR: 500, GBP: 500 } },
    conditions: {},
    limits: {},
    combination: { combinable: true, combinesWith: ["product", "order", "shipping"], priority: 0 },
    startsAt: null,
    endsAt: null,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Feeds a definition in as the catalog's `promotion.upserted` would. */
export async function publishPromotion(db: OrdersDb, definition: PromotionDefinition): Promise<void> {
  await db.transaction((tx) => applyCatalogEvent(tx, { seq: ++seq, type: "promotion.upserted", subject: definition.id, payload: definition, createdAt: new Date().toISOString() }));
}

/** Feeds generated single-use codes in as `promotion.codes_generated` would. */
export async function publishCodes(db: OrdersDb, promotionId: string, codes: string[]): Promise<void> {
  await db.transaction((tx) => applyCatalogEvent(tx, { seq: ++seq, type: "promotion.codes_generated", subject: promotionId, payload: { promotionId, codes }, createdAt: new Date().toISOString() }));
}

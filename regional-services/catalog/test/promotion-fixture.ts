import { afterAll, beforeAll } from "vitest";
import type { PromotionDefinition } from "../../../domain/promotions/model.ts";
import type { OutboxEvent } from "../../shared/outbox.ts";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../../shared/testing.ts";
import { openFixture, type CatalogFixture } from "./fixture.ts";

/**
 * A catalog on a scratch database of the real Postgres (through the Neon driver), with helpers
 * for the promotions API: what a merchant sends, and what the catalog then publishes.
 */
export function usePromotionCatalog(): () => CatalogFixture {
  let scratch: ScratchDatabase | undefined;
  let f: CatalogFixture | undefined;
  beforeAll(async () => {
    await postgresAvailable();
    scratch = await createScratchDatabase("catalog_promo");
    f = await openFixture({ products: 3, url: scratch.url });
  });
  afterAll(async () => {
    await f?.close();
    await scratch?.drop();
  });
  return () => {
    if (!f) throw new Error("the catalog fixture is not open");
    return f;
  };
}

/** A valid create body; override what a case is about. */
export function promotionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "Ten off", activation: "automatic", target: "order", effect: { kind: "percentage", basisPoints: 1000 }, ...overrides };
}

export async function version(f: CatalogFixture): Promise<number> {
  return ((await (await f.get("/catalog/version")).json()) as { version: number }).version;
}

export async function eventsAfter(f: CatalogFixture, seq: number): Promise<OutboxEvent[]> {
  const events: OutboxEvent[] = [];
  for (let after = seq; ; ) {
    const page = ((await (await f.get(`/internal/events?after=${after}`)).json()) as { events: OutboxEvent[] }).events;
    if (page.length === 0) return events;
    events.push(...page);
    after = page[page.length - 1]?.seq ?? after;
  }
}

/** Creates a promotion through the API and answers it (failing loudly when the API refuses). */
export async function created(f: CatalogFixture, overrides: Record<string, unknown> = {}): Promise<PromotionDefinition> {
  const res = await f.merchant("POST", "/merchant/promotions", promotionBody(overrides));
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { promotion: PromotionDefinition }).promotion;
}

import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

import type {
  PromotionCombination,
  PromotionConditions,
  PromotionDefinition,
  PromotionEffect,
  PromotionLimits,
  PromotionStatus,
  PromotionTarget,
} from "../../domain/promotions/model.ts";

export { consumerCursors, outbox } from "../shared/outbox-schema.ts";

/**
 * The catalog's own database. Listing reads are the hot path, so what a listing sorts or filters on
 * is kept ready in indexed columns: a per-product, per-currency minimum price and a full-text
 * search document maintained by Postgres itself.
 */

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const categories = pgTable(
  "categories",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    parentId: text("parent_id"),
    position: integer("position").notNull().default(0),
  },
  (t) => [foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }), index("categories_parent_idx").on(t.parentId)],
);

export interface ProductOptionDef {
  name: string;
  values: string[];
}

/** What `search` is built from; 'simple' keeps words as written, so brand-like names match too. */
const searchDocument = (): SQL =>
  sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_terms, '')), 'B') || setweight(to_tsvector('simple', coalesce(description, '')), 'C')`;

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    imageUrl: text("image_url").notNull(),
    /** Every image URL in display order; `image_url` is the first, for readers that show one. Empty: just `image_url`. */
    images: jsonb("images").$type<string[]>().notNull().default([]),
    /** Option names and values in display order (sizes S..XL, not alphabetical). */
    options: jsonb("options").$type<ProductOptionDef[]>().notNull().default([]),
    /** Extra words a shopper may search by that are not in the title (category, colours). */
    searchTerms: text("search_terms").notNull().default(""),
    active: boolean("active").notNull().default(true),
    // Millisecond precision, so a listing cursor carrying a JS timestamp compares exactly.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    search: tsvector("search").generatedAlwaysAs(searchDocument),
  },
  (t) => [
    index("products_category_idx").on(t.categoryId),
    // Ascending: a backward scan serves "newest first" (DESC NULLS FIRST) exactly.
    index("products_newest_idx").on(t.createdAt, t.id),
    index("products_search_idx").using("gin", t.search),
  ],
);

export const variants = pgTable(
  "variants",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    sku: text("sku").notNull().unique(),
    title: text("title").notNull(),
    options: jsonb("options").$type<Record<string, string>>().notNull().default({}),
    active: boolean("active").notNull().default(true),
    /** Units shoppers are told about; the orders service owns the authoritative count. */
    stock: integer("stock").notNull().default(0),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("variants_product_idx").on(t.productId, t.position)],
);

export const variantPrices = pgTable(
  "variant_prices",
  {
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    currency: text("currency").notNull(),
    amount: integer("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.currency] })],
);

/**
 * The lowest active-variant price of each product per currency, rewritten whenever a product's
 * variants or prices change, so price sorting and filtering is one index range scan.
 */
export const productPrices = pgTable(
  "product_prices",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    currency: text("currency").notNull(),
    minAmount: integer("min_amount").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.currency] }),
    index("product_prices_sort_idx").on(t.currency, t.minAmount, t.productId),
  ],
);

/**
 * Promotion definitions (domain/promotions/model.ts): the catalog owns them, so a change moves the
 * catalog version the edge keys its caches on (README, "Who owns what"). The nested parts are
 * kept as jsonb in their wire shape; they are validated on the way in and only ever read whole.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    status: text("status").$type<PromotionStatus>().notNull(),
    activation: text("activation").$type<PromotionDefinition["activation"]>().notNull(),
    target: text("target").$type<PromotionTarget>().notNull(),
    effect: jsonb("effect").$type<PromotionEffect>().notNull(),
    conditions: jsonb("conditions").$type<PromotionConditions>().notNull().default({}),
    limits: jsonb("limits").$type<PromotionLimits>().notNull().default({}),
    combination: jsonb("combination").$type<PromotionCombination>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true, precision: 3 }),
    endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("promotions_status_idx").on(t.status, t.endsAt)],
);

/**
 * Every code of every promotion, reusable and generated single-use alike, keyed by the normalised
 * code: one code can never belong to two promotions. `batch_key` ties generated codes to the
 * request that made them, so a retried generation answers the same codes.
 */
export const promotionCodes = pgTable(
  "promotion_codes",
  {
    code: text("code").primaryKey(),
    promotionId: text("promotion_id")
      .notNull()
      .references(() => promotions.id),
    singleUse: boolean("single_use").notNull(),
    batchKey: text("batch_key"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("promotion_codes_promotion_idx").on(t.promotionId, t.singleUse), index("promotion_codes_batch_idx").on(t.batchKey)],
);

/** One row per code generation request that carried an Idempotency-Key. */
export const promotionCodeBatches = pgTable("promotion_code_batches", {
  key: text("key").primaryKey(),
  promotionId: text("promotion_id")
    .notNull()
    .references(() => promotions.id),
  /** What was asked for (count and prefix), so a key reused for a different request is refused. */
  request: text("request").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type CategoryRow = typeof categories.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type PromotionRow = typeof promotions.$inferSelect;

/**
 * Flash sales the merchant scheduled (regional-services/catalog/flash-sales.ts). Each change is
 * published as `flash_sale.upserted` in its transaction; the orders service keeps a copy.
 */
export const flashSales = pgTable(
  "flash_sales",
  {
    id: text("id").primaryKey(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    /** Sale price in minor units per currency code. */
    prices: jsonb("prices").$type<Record<string, number>>().notNull(),
    allocation: integer("allocation").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }).notNull(),
    perCustomerMax: integer("per_customer_max").notNull(),
    shards: integer("shards").notNull(),
    status: text("status").notNull().default("scheduled"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("flash_sales_window_idx").on(t.endsAt, t.startsAt)],
);
export type FlashSaleRow = typeof flashSales.$inferSelect;

import { z } from "zod";
import { CURRENCIES, isCurrency, type Currency } from "../../domain/money.ts";
import { controlFree, safeText, slugSchema } from "../text.ts";

/**
 * What the merchant sends and gets back when managing the catalog from the admin: products with
 * their options, variants, prices in every currency, stock and images; categories; the CSV
 * import's problems. Checked with these same schemas at the edge and in the catalog service.
 */

/** The largest CSV the import takes: 2,000 products of three variants each is about 0.7 MB. */
export const MAX_CATALOG_IMPORT_BYTES = 8 * 1024 * 1024;
/** Variants one product may have, given or generated. */
export const MAX_VARIANTS_PER_PRODUCT = 250;
/** Options one product may have (Size, Colour, Material), as the CSV has that many column pairs. */
export const MAX_OPTIONS = 3;

const amountSchema = z
  .number({ error: "a price must be a number" })
  .int({ error: "a price must be an integer count of minor units" })
  .min(0, { error: "a price must not be negative" })
  .max(100_000_000, { error: "a price must be at most 100000000 minor units" });

/**
 * Prices in minor units keyed by currency code. Keys are checked one by one rather than by a
 * strict object, so an unknown currency is reported at its own path (`prices.JPY`).
 */
export const pricesInputSchema = z
  .record(z.string(), amountSchema)
  .superRefine((prices, ctx) => {
    for (const code of Object.keys(prices)) {
      if (!isCurrency(code)) ctx.addIssue({ code: "custom", path: [code], message: `unknown currency ${code}; one of ${CURRENCIES.join(", ")}` });
    }
  })
  .transform((prices) => prices as Partial<Record<Currency, number>>)
  .meta({ example: { USD: 2400, EUR: 2200 } });

export const stockSchema = z
  .number({ error: "stock must be a number" })
  .int({ error: "stock must be an integer" })
  .min(0, { error: "stock must not be negative" })
  .max(1_000_000, { error: "stock must be at most 1000000" });

export const skuSchema = z
  .string({ error: "sku is required" })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "sku must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit" });

/**
 * An absolute http(s) URL, a path on this site or an inline `data:image/` URL (the demo catalog's
 * placeholders); no line breaks, since the CSV puts one image per line of its `image_url` cell.
 */
export const imageUrlSchema = z
  .string({ error: "an image URL is required" })
  .trim()
  .max(8000, { error: "an image URL must be at most 8000 characters" })
  .regex(/^(https?:\/\/[^\s/]+|\/|data:image\/)[^\r\n]*$/, { error: "an image URL must start with http://, https://, / or data:image/" });

const optionName = safeText("an option name", 50);
const optionValue = safeText("an option value", 50);

export const optionInputSchema = z
  .object({ name: optionName, values: z.array(optionValue).min(1, { error: "an option needs at least one value" }).max(50) })
  .refine((o) => new Set(o.values).size === o.values.length, { error: "an option's values must differ", path: ["values"] });

export const variantInputSchema = z.object({
  sku: skuSchema,
  /** One value for each of the product's options, e.g. { Size: "M", Colour: "Navy" }. */
  options: z.record(z.string(), z.string()).default({}),
  prices: pricesInputSchema,
  stock: stockSchema.default(0),
  active: z.boolean({ error: "active must be true or false" }).default(true),
});
export type VariantInput = z.output<typeof variantInputSchema>;

const productFields = {
  title: safeText("title", 200),
  description: controlFree(z.string().max(5000, { error: "description must be at most 5000 characters" }), "description", { multiline: true }).default(""),
  category: slugSchema,
  images: z.array(imageUrlSchema).min(1, { error: "a product needs at least one image URL" }).max(10, { error: "at most 10 images" }),
  options: z.array(optionInputSchema).max(MAX_OPTIONS, { error: `at most ${MAX_OPTIONS} options` }).default([]),
  /** Given: exactly these variants. Absent: one per combination of the options, each with `prices` and `stock`. */
  variants: z.array(variantInputSchema).min(1, { error: "a product needs at least one variant" }).max(MAX_VARIANTS_PER_PRODUCT).optional(),
  prices: pricesInputSchema.optional(),
  stock: stockSchema.optional(),
  active: z.boolean({ error: "active must be true or false" }).default(true),
};

type ProductFields = { options: { name: string; values: string[] }[]; variants?: VariantInput[] | undefined; prices?: Partial<Record<Currency, number>> | undefined };

/** Each variant names a defined value of every option; without variants, prices say what generated ones cost. */
function checkVariants(p: ProductFields, ctx: z.RefinementCtx): void {
  const names = p.options.map((o) => o.name);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", path: ["options"], message: "option names must differ" });
  if (!p.variants) {
    if (!p.prices || Object.keys(p.prices).length === 0) ctx.addIssue({ code: "custom", path: ["prices"], message: "prices are required to generate variants (or give variants)" });
    const count = p.options.reduce((n, o) => n * o.values.length, 1);
    if (count > MAX_VARIANTS_PER_PRODUCT) ctx.addIssue({ code: "custom", path: ["options"], message: `the options make ${count} variants; at most ${MAX_VARIANTS_PER_PRODUCT}` });
    return;
  }
  p.variants.forEach((v, i) => {
    if (Object.keys(v.prices).length === 0) ctx.addIssue({ code: "custom", path: ["variants", i, "prices"], message: "a variant needs a price in at least one currency" });
    for (const key of Object.keys(v.options)) {
      if (!names.includes(key)) ctx.addIssue({ code: "custom", path: ["variants", i, "options", key], message: `${key} is not one of the product's options` });
    }
    for (const option of p.options) {
      const value = v.options[option.name];
      if (value === undefined || !option.values.includes(value)) {
        ctx.addIssue({ code: "custom", path: ["variants", i, "options", option.name], message: `${option.name} must be one of ${option.values.join(", ")}` });
      }
    }
  });
}

/** `POST /merchant/products`: a new product. */
export const productInputSchema = z.object({ slug: slugSchema, ...productFields }).superRefine(checkVariants);
export type ProductInput = z.output<typeof productInputSchema>;

/** `PUT /merchant/products/{slug}`: the whole product as it should now be; variants left out are switched off. */
export const productReplaceSchema = z.object(productFields).superRefine(checkVariants);
export type ProductReplace = z.output<typeof productReplaceSchema>;

export const merchantVariantSchema = z.object({
  id: z.string(),
  sku: z.string(),
  title: z.string(),
  options: z.record(z.string(), z.string()),
  prices: z.partialRecord(z.enum(CURRENCIES), z.number().int()),
  /** The count the storefront shows, following the orders service's. */
  stock: z.number().int(),
  active: z.boolean(),
});

/** A product as the merchant defines it: every variant, every price, every image. */
export const merchantProductSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  imageUrl: z.string(),
  images: z.array(z.string()),
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  variants: z.array(merchantVariantSchema),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MerchantProduct = z.output<typeof merchantProductSchema>;

export const PRODUCT_STATUSES = ["active", "archived", "all"] as const;

export const merchantProductListQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "q must be at most 100 characters" }).optional(),
  category: slugSchema.optional(),
  status: z.enum(PRODUCT_STATUSES, { error: `status must be one of ${PRODUCT_STATUSES.join(", ")}` }).default("all"),
  cursor: z.string().max(400, { error: "cursor is malformed" }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int({ error: "limit must be an integer" }).min(1).max(200).default(50),
});
export type MerchantProductListQuery = z.output<typeof merchantProductListQuerySchema>;

export const merchantProductRowSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  imageUrl: z.string(),
  active: z.boolean(),
  variantCount: z.number().int(),
  updatedAt: z.string(),
});
export type MerchantProductRow = z.output<typeof merchantProductRowSchema>;

export const merchantProductPageSchema = z.object({ products: z.array(merchantProductRowSchema), nextCursor: z.string().nullable() });

export const categoryInputSchema = z.object({
  slug: slugSchema,
  name: safeText("name", 100),
  /** The parent's slug; null or absent for a top-level category. */
  parent: slugSchema.nullable().default(null),
  position: z.number({ error: "position must be a number" }).int({ error: "position must be an integer" }).min(0).max(10_000).default(0),
});
export type CategoryInput = z.output<typeof categoryInputSchema>;

export const categoryPatchSchema = z.strictObject({
  name: safeText("name", 100).optional(),
  parent: slugSchema.nullable().optional(),
  position: z.number({ error: "position must be a number" }).int({ error: "position must be an integer" }).min(0).max(10_000).optional(),
});
export type CategoryPatch = z.output<typeof categoryPatchSchema>;

export const merchantCategorySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  position: z.number().int(),
  /** Root-first slugs. */
  path: z.array(z.string()),
});
export type MerchantCategory = z.output<typeof merchantCategorySchema>;

/** One problem of a refused CSV import: the file's line, the column's header, what is wrong. */
export const importProblemSchema = z.object({ line: z.number().int(), column: z.string(), message: z.string() });
export type ImportProblem = z.output<typeof importProblemSchema>;

export const importResultSchema = z.object({
  products: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  variants: z.object({ created: z.number().int(), updated: z.number().int(), deactivated: z.number().int() }),
});
export type ImportResult = z.output<typeof importResultSchema>;

import { z } from "zod";
import { CURRENCIES } from "../../domain/money.ts";
import { currencyQuerySchema } from "../text.ts";

/** Request shapes of the catalog's own routes (the listing's lives in contracts/text.ts). */

/** At most this many variants per cart lookup (docs/internal-api.md). */
export const MAX_VARIANT_IDS = 100;

export const variantIdsQuerySchema = currencyQuerySchema.extend({
  ids: z
    .string({ error: "ids is required (comma-separated variant ids)" })
    .max(MAX_VARIANT_IDS * 101, { error: "ids is too long" })
    .transform((raw) => raw.split(",").map((id) => id.trim()).filter((id) => id !== ""))
    .pipe(
      z
        .array(z.string().max(100, { error: "each id must be at most 100 characters" }))
        .min(1, { error: "ids must name at least one variant" })
        .max(MAX_VARIANT_IDS, { error: `ids must name at most ${MAX_VARIANT_IDS} variants` }),
    ),
});

const amount = z.number({ error: "a price must be a number" }).int({ error: "a price must be an integer count of minor units" }).min(0).max(100_000_000);

export const productPatchSchema = z.strictObject({
  title: z.string().trim().min(1, { error: "title must not be empty" }).max(200, { error: "title must be at most 200 characters" }).optional(),
  description: z.string().max(5000, { error: "description must be at most 5000 characters" }).optional(),
  active: z.boolean({ error: "active must be true or false" }).optional(),
  variants: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(100),
        prices: z.strictObject(Object.fromEntries(CURRENCIES.map((c) => [c, amount.optional()])) as Record<(typeof CURRENCIES)[number], z.ZodOptional<typeof amount>>).optional(),
        stock: z.number({ error: "stock must be a number" }).int({ error: "stock must be an integer" }).min(0, { error: "stock must be at least 0" }).max(1_000_000).optional(),
        active: z.boolean({ error: "active must be true or false" }).optional(),
      }),
    )
    .max(500, { error: "at most 500 variants per request" })
    .optional(),
});

export type ProductPatch = z.output<typeof productPatchSchema>;

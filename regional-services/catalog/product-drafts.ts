import type { ProductInput, VariantInput } from "../../contracts/catalog/merchant-api.ts";
import { combinationKey, combinationsOf, combinationTitle, generatedSku, repeatedAt, type OptionDef } from "../../domain/product-options.ts";
import type { Currency } from "../../domain/money.ts";

/**
 * A product as it is about to be saved, from the create and replace routes or a CSV import: its
 * variants given or generated from its options, each with a title made from its option values.
 */
export interface ProductDraft {
  slug: string;
  title: string;
  description: string;
  category: string;
  images: string[];
  options: OptionDef[];
  variants: VariantDraft[];
  active: boolean;
}

export interface VariantDraft {
  sku: string;
  title: string;
  options: Record<string, string>;
  prices: Partial<Record<Currency, number>>;
  stock: number;
  active: boolean;
}

/** A refusal of one field of one draft: `field` is the path within it (`variants.3.sku`). */
export interface DraftProblem {
  product: number;
  field: string;
  code: "VALIDATION_FAILED" | "ALREADY_EXISTS";
  message: string;
}

/** The draft of a checked product input: given variants as they are, else one per combination. */
export function draftOf(input: Omit<ProductInput, "slug">, slug: string): ProductDraft {
  const options = input.options.map((o) => ({ name: o.name, values: [...o.values] }));
  const given: VariantInput[] =
    input.variants ??
    combinationsOf(options).map((combo) => ({ sku: generatedSku(slug, options, combo), options: combo, prices: input.prices ?? {}, stock: input.stock ?? 0, active: true }));
  return {
    slug,
    title: input.title,
    description: input.description,
    category: input.category,
    images: [...input.images],
    options,
    variants: given.map((v) => ({ sku: v.sku, title: combinationTitle(options, v.options), options: v.options, prices: v.prices, stock: v.stock, active: v.active })),
    active: input.active,
  };
}

/** What a set of drafts gets wrong among themselves: a slug or SKU twice, a combination twice. */
export function problemsWithin(drafts: readonly ProductDraft[]): DraftProblem[] {
  const problems: DraftProblem[] = [];
  for (const i of repeatedAt(drafts, (d) => d.slug)) {
    problems.push({ product: i, field: "slug", code: "ALREADY_EXISTS", message: `slug ${drafts[i]?.slug} appears more than once` });
  }
  const skus = drafts.flatMap((d, product) => d.variants.map((v, index) => ({ product, index, sku: v.sku })));
  for (const i of repeatedAt(skus, (s) => s.sku)) {
    const s = skus[i];
    if (s) problems.push({ product: s.product, field: `variants.${s.index}.sku`, code: "ALREADY_EXISTS", message: `SKU ${s.sku} appears more than once` });
  }
  drafts.forEach((d, product) => {
    for (const index of repeatedAt(d.variants, (v) => combinationKey(d.options, v.options))) {
      problems.push({ product, field: `variants.${index}.options`, code: "VALIDATION_FAILED", message: `another variant already has the options ${d.variants[index]?.title}` });
    }
  });
  return problems;
}

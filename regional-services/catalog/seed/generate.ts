import type { Currency } from "../../../domain/money.ts";
import { placeholderImage } from "./images.ts";
import { mulberry32, type Random } from "./prng.ts";
import { pricesFor } from "./prices.ts";
import { ADJECTIVES, CATEGORY_TREE, COLOURS, type Colour, type LeafKind, type RootKind } from "./vocabulary.ts";

/**
 * The deterministic demo catalog: pure, no I/O, the same seed always gives the same catalog, so
 * every machine, test run and benchmark sees identical products, prices and stock.
 */
/** A category row as the seed inserts it. */
export interface SeedCategory {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
}

/** A variant with its prices in every currency and its starting stock. */
export interface SeedVariant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  prices: Record<Currency, number>;
  stock: number;
  active: boolean;
  position: number;
}

/** A product as the seed inserts it, with its variants. */
export interface SeedProduct {
  id: string;
  slug: string;
  title: string;
  description: string;
  categoryId: string;
  imageUrl: string;
  options: { name: string; values: string[] }[];
  searchTerms: string;
  active: boolean;
  createdAt: string;
  variants: SeedVariant[];
}

export interface GeneratedCatalog {
  categories: SeedCategory[];
  products: SeedProduct[];
}

export interface GenerateOptions {
  seed: number;
  products: number;
}

export const DEFAULT_SEED = 20_250_101;
export const DEFAULT_PRODUCT_COUNT = 2_000;
/** Products appear over half a year, on the hour, so "newest" has plenty of ties to break by id. */
const CATALOG_START = Date.UTC(2025, 0, 1);
const HOURS_SPAN = 180 * 24;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const slugify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

function buildCategories(): { categories: SeedCategory[]; leaves: { leaf: LeafKind; root: RootKind; id: string }[] } {
  const categories: SeedCategory[] = [];
  const leaves: { leaf: LeafKind; root: RootKind; id: string }[] = [];
  CATEGORY_TREE.forEach((root, r) => {
    const rootId = `cat_${pad(r + 1, 2)}`;
    categories.push({ id: rootId, slug: root.slug, name: root.name, parentId: null, position: r });
    root.children.forEach((leaf, l) => {
      const id = `cat_${pad(r + 1, 2)}_${pad(l + 1, 2)}`;
      categories.push({ id, slug: leaf.slug, name: leaf.name, parentId: rootId, position: l });
      leaves.push({ leaf, root, id });
    });
  });
  return { categories, leaves };
}

function stockLevel(rng: Random): number {
  const roll = rng.next();
  if (roll < 0.08) return 0;
  if (roll < 0.2) return rng.int(1, 5);
  return rng.int(6, 120);
}

/** Every combination of option values, first option varying slowest. */
function combinations(options: { name: string; values: string[] }[]): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>(
    (acc, option) => acc.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value }))),
    [{}],
  );
}

function makeProduct(n: number, rng: Random, leaves: ReturnType<typeof buildCategories>["leaves"], usedSlugs: Set<string>): SeedProduct {
  const { leaf, root, id: categoryId } = rng.pick(leaves);
  const material = rng.pick(leaf.materials);
  const adjective = rng.pick(ADJECTIVES);
  const title = `${adjective} ${material} ${rng.pick(leaf.nouns)}`;
  let slug = slugify(title);
  for (let k = 2; usedSlugs.has(slug); k++) slug = `${slugify(title)}-${k}`;
  usedSlugs.add(slug);

  const colours: Colour[] = rng.sample(COLOURS, rng.int(leaf.colours[0], leaf.colours[1]));
  const options: { name: string; values: string[] }[] = [];
  if (colours.length > 0) options.push({ name: "Colour", values: colours.map((c) => c.name) });
  if (leaf.sizes) options.push({ name: "Size", values: [...leaf.sizes] });

  const basePrice = rng.int(leaf.priceRange[0], leaf.priceRange[1]) * 100 - (rng.chance(0.85) ? 1 : 0);
  const productNo = pad(n, 5);
  const variants = combinations(options).map((combo, i): SeedVariant => {
    const values = Object.values(combo);
    // The largest size costs a little more, so a product's variants do not all share one price.
    const upcharge = combo.Size !== undefined && combo.Size === leaf.sizes?.at(-1) ? 200 : 0;
    return {
      id: `var_${productNo}_${pad(i + 1, 2)}`,
      sku: ["ES", productNo, ...values.map((v) => v.replace(/[^A-Za-z0-9]/g, "").slice(0, 3).toUpperCase())].join("-"),
      title: values.length > 0 ? values.join(" / ") : "Default",
      options: combo,
      prices: pricesFor(basePrice + upcharge),
      stock: stockLevel(rng),
      active: !rng.chance(0.03),
      position: i,
    };
  });

  const tint = colours[0]?.hex ?? rng.pick(COLOURS).hex;
  const feature = rng.pick(leaf.features);
  return {
    id: `prod_${productNo}`,
    slug,
    title,
    description: `${feature}. From our ${adjective} collection of ${leaf.name.toLowerCase()}.${colours.length > 1 ? ` Available in ${colours.length} colours.` : ""}`,
    categoryId,
    imageUrl: placeholderImage(title, tint, root.icon),
    options,
    searchTerms: [root.name, leaf.name, ...colours.map((c) => c.name)].join(" "),
    active: !rng.chance(0.02),
    createdAt: new Date(CATALOG_START + rng.int(0, HOURS_SPAN) * 3_600_000).toISOString(),
    variants,
  };
}

/** The demo catalog for `seed`: categories, and `products` products with their variants. */
export function generateCatalog(options: GenerateOptions): GeneratedCatalog {
  const rng = mulberry32(options.seed);
  const { categories, leaves } = buildCategories();
  const usedSlugs = new Set<string>();
  const products: SeedProduct[] = [];
  for (let n = 1; n <= options.products; n++) products.push(makeProduct(n, rng, leaves, usedSlugs));
  return { categories, products };
}

import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { CatalogRead } from "../catalog/entry.ts";
import { SizedLru } from "../catalog/lru.ts";

/**
 * Rendered catalog pages, kept in this isolate's memory with holes for what differs per request.
 *
 * Rendering a page's JSX costs far more than reading its catalog data from memory, yet almost
 * all of a page is the same for every shopper: only the header's account link (the signed-in
 * name) and a flash sale's banner (a countdown, the units left) are not. So a page is rendered
 * once with a placeholder comment in each such place, split at the placeholders, and kept under
 * a key made of what the page was rendered from: the route's inputs and the version and ETag
 * of every catalog answer it read. A merchant change moves the catalog version, so the next
 * request renders afresh: pages change exactly when the catalog data under them does.
 *
 * A placeholder cannot be forged by catalog data: text and attributes are escaped when the page
 * is rendered, so no product title or description can put a literal `<!--` into the markup.
 */
export type SlotName = "account" | "flash-sale";

const SLOT = /<!--slot:(account|flash-sale)-->/;

/** The placeholder for `name`, to render where the per-request part goes. */
export function slot(name: SlotName): HtmlEscapedString {
  return raw(`<!--slot:${name}-->`);
}

/** A rendered page split at its placeholders: literal, slot name, literal, slot name, …, literal. */
export type PageTemplate = readonly string[];

export function toTemplate(html: string): PageTemplate {
  // With a capturing group, split keeps each slot's name between the literals around it.
  return html.split(new RegExp(SLOT.source, "g"));
}

/** The page for one request: each placeholder replaced by its value (an absent slot is left empty). */
export function fillTemplate(template: PageTemplate, values: Partial<Record<SlotName, string>>): string {
  let out = template[0] ?? "";
  for (let i = 1; i < template.length; i += 2) out += (values[template[i] as SlotName] ?? "") + (template[i + 1] ?? "");
  return out;
}

/**
 * The cache key of a page: its route's inputs, and per catalog read the version and ETag of the
 * answer (the version alone could name two answers for one key after an eviction and refetch;
 * the ETag alone is a 32-bit hash) and whether it was a stale copy (which the page says).
 */
export function templateKey(inputs: readonly (string | undefined)[], reads: readonly CatalogRead[]): string {
  let key = inputs.map((i) => i ?? "").join("\u0000");
  for (const r of reads) key += `\u0001${r.entry.version}.${r.entry.etag}${r.source === "stale" ? ".stale" : ""}`;
  return key;
}

// Bounded like the catalog layer: many distinct searches or filters evict old pages, never grow.
// A page counts its text twice over: the template, and its guest copy as bytes (ui/render.tsx).
const templates = new SizedLru<PageTemplate>({ maxEntries: 1_000, maxSize: 24_000_000 }, (t) => 3 * t.reduce((n, part) => n + part.length, 0) + 64);

/** Whether the page came from this isolate's memory or was rendered for this request. */
export type TemplateSource = "hit" | "miss";

/** The template kept under `key`, or the one `render` makes (then kept). */
export async function pageTemplate(key: string, render: () => Promise<string> | string): Promise<{ template: PageTemplate; source: TemplateSource }> {
  const kept = templates.get(key);
  if (kept) return { template: kept, source: "hit" };
  const template = toTemplate(await render());
  templates.set(key, template);
  return { template, source: "miss" };
}

/** Empties the kept pages (tests use it to compare a fresh render with a kept one). */
export function clearPageTemplates(): void {
  templates.clear();
}

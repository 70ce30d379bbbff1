import { CURRENCIES } from "../../../domain/money.ts";
import { parseOptionLines } from "../../../domain/product-options.ts";
import { AppError } from "../../../platform/errors.ts";

/**
 * The catalog pages' forms read into the API's request shapes. Field names are the API's paths
 * (`prices.EUR`, `variants.2.sku`), so the schema's and the service's errors name form fields.
 * Numbers are passed on as numbers even when they are not (NaN), for the schema to name.
 */

const number = (raw: string | undefined): number | undefined => (raw === undefined || raw.trim() === "" ? undefined : Number(raw.trim()));
const lines = (raw: string | undefined) => (raw ?? "").split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");

function prices(fields: Record<string, string>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of CURRENCIES) {
    const amount = number(fields[`${prefix}${c}`]);
    if (amount !== undefined) out[c] = amount;
  }
  return out;
}

/** "Size=M; Colour=Navy" → { Size: "M", Colour: "Navy" }. */
function optionValues(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (raw ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The product fields both forms have, or a field error for an options text that does not read. */
function productFields(fields: Record<string, string>): { value: Record<string, unknown> } | { errors: Record<string, string> } {
  const options = parseOptionLines(fields.options ?? "");
  if (!options.ok) return { errors: { options: options.message } };
  return {
    value: { title: fields.title ?? "", description: fields.description ?? "", category: fields.category ?? "", images: lines(fields.images), options: options.options },
  };
}

/** The new-product form: every combination of the options at the one price and stock. */
export function newProductRequest(fields: Record<string, string>): { value: Record<string, unknown> } | { errors: Record<string, string> } {
  const common = productFields(fields);
  if ("errors" in common) return common;
  return { value: { ...common.value, slug: fields.slug ?? "", prices: prices(fields, "prices."), stock: number(fields.stock) ?? 0 } };
}

/** The edit form: the product with its variant rows; the trailing blank row adds nothing. */
export function replaceProductRequest(fields: Record<string, string>): { value: Record<string, unknown> } | { errors: Record<string, string> } {
  const common = productFields(fields);
  if ("errors" in common) return common;
  const variants: Record<string, unknown>[] = [];
  for (let i = 0; fields[`variants.${i}.sku`] !== undefined; i++) {
    const at = `variants.${i}.`;
    if ((fields[`${at}sku`] ?? "").trim() === "") continue;
    variants.push({ sku: fields[`${at}sku`], options: optionValues(fields[`${at}options`]), prices: prices(fields, `${at}prices.`), stock: number(fields[`${at}stock`]) ?? 0, active: fields[`${at}active`] === "true" });
  }
  return { value: { ...common.value, variants } };
}

/** A service's refusal as errors by field, when it named fields; else undefined. */
export function fieldErrorsOf(err: unknown): Record<string, string> | undefined {
  if (!(err instanceof AppError) || (err.code !== "VALIDATION_FAILED" && err.code !== "ALREADY_EXISTS")) return undefined;
  const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  if (!issues) return { form: err.message };
  return Object.fromEntries(issues.map((i) => [i.path || "form", i.message]));
}

import type { z } from "zod";
import type { promotionCreateSchema, promotionPatchSchema } from "../../../contracts/promotions/requests.ts";
import { CURRENCIES, type Currency } from "../../../domain/money.ts";
import type { PromotionDefinition, PromotionEffect, PromotionTarget } from "../../../domain/promotions/model.ts";
import { AppError } from "../../../platform/errors.ts";
import { toMinorUnits } from "../catalog/listing-params.ts";
import { amounts, decimalText, issuesOnForm, localTime, utcInstant, validationIssues, wholeNumber } from "./form-values.ts";

/**
 * The promotion form (promotions-pages.tsx) and the promotions API's body, both ways: the form's
 * text fields become the body the API validates (the API is the one judge of a promotion; this
 * only turns text into numbers and lists), a promotion becomes the form's values for editing,
 * and the API's `issues[].path` becomes the form field to show the message beside.
 */

/** What the form offers: the common kinds. Tiers and fixed prices stay with the JSON API. */
export const FORM_KINDS = {
  percentage_order: "Percentage off the order",
  percentage_lines: "Percentage off products (optionally of some categories)",
  fixed_order: "Fixed amount off the order",
  free_shipping: "Free shipping",
  buy_x_get_y: "Buy X, get Y at a discount",
} as const;
export type FormKind = keyof typeof FORM_KINDS;

const perCurrency = (name: string) => CURRENCIES.map((currency) => `${name}_${currency}`);

/** Every field of the form, by name: an API issue about anything else is shown above the form. */
export const PROMOTION_FIELDS = [
  "name",
  "description",
  "activation",
  "codes",
  "kind",
  "percent",
  ...perCurrency("amountOff"),
  "buy",
  "get",
  "categorySlugs",
  "startsAt",
  "endsAt",
  "totalUses",
  "usesPerCustomer",
  ...perCurrency("budget"),
  ...perCurrency("minSubtotal"),
  "signedInOnly",
  "firstOrderOnly",
  "customerTags",
] as const;

export type PromotionCreateBody = z.input<typeof promotionCreateSchema>;
export type PromotionPatchBody = z.input<typeof promotionPatchSchema>;
type Terms = Omit<PromotionCreateBody, "status">;
type Parsed<T> = { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string> };

/** The conditions the form edits; any other condition a promotion has is kept as it is on edit. */
const FORM_CONDITIONS = ["categorySlugs", "minSubtotal", "signedInOnly", "firstOrderOnly", "customerTags"] as const;

/** Reads the form's text as the API's terms; a field that is not even a number is named here. */
export function termsFromForm(fields: Record<string, string>, kept: PromotionDefinition["conditions"] = {}): Parsed<Terms> {
  const errors: Record<string, string> = {};
  const text = (name: string) => (fields[name] ?? "").trim();
  const list = (name: string, separator: RegExp) => text(name).split(separator).map((s) => s.trim()).filter((s) => s !== "");

  const whole = (name: string, label: string) => wholeNumber(fields, name, label, errors);
  const money = (name: string, label: string) => amounts(fields, name, label, errors);
  const instant = (name: string) => utcInstant(fields[name]);
  const percent = (): number | undefined => {
    const value = text("percent");
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(value) || Number(value) <= 0 || Number(value) > 100) {
      errors.percent = "percent must be a number above 0 and at most 100, such as 20 or 12.5";
      return undefined;
    }
    return toMinorUnits(value, "USD"); // percent with two decimals = basis points
  };

  const kind = text("kind");
  let target: PromotionTarget = "order";
  let effect: PromotionEffect | undefined;
  if (kind === "percentage_order" || kind === "percentage_lines") {
    target = kind === "percentage_order" ? "order" : "product";
    effect = { kind: "percentage", basisPoints: percent() ?? 0 };
  } else if (kind === "fixed_order") {
    const amountOff = money("amountOff", "amount off");
    if (!amountOff && !CURRENCIES.some((c) => errors[`amountOff_${c}`])) errors[`amountOff_${CURRENCIES[0]}`] = "give the amount off in at least one currency";
    effect = { kind: "fixed_amount", amountOff: amountOff ?? {} };
  } else if (kind === "free_shipping") {
    target = "shipping";
    effect = { kind: "free_shipping" };
  } else if (kind === "buy_x_get_y") {
    target = "product";
    const buy = whole("buy", "buy");
    const get = whole("get", "get");
    if (buy === undefined) errors.buy = "say how many a shopper buys";
    if (get === undefined) errors.get = "say how many they get at the discount";
    effect = { kind: "buy_x_get_y", buy: buy ?? 0, get: get ?? 0, basisPoints: percent() ?? 0 };
  } else {
    errors.kind = `kind must be one of: ${Object.values(FORM_KINDS).join("; ")}`;
  }

  const activation = text("activation") === "automatic" ? "automatic" : "code";
  const categorySlugs = list("categorySlugs", /,/);
  const customerTags = list("customerTags", /,/);
  const minSubtotal = money("minSubtotal", "minimum subtotal");
  const budget = money("budget", "budget");
  const conditions: PromotionDefinition["conditions"] = { ...kept };
  for (const name of FORM_CONDITIONS) delete conditions[name];
  Object.assign(conditions, {
    ...(categorySlugs.length > 0 && target === "product" ? { categorySlugs } : {}),
    ...(minSubtotal ? { minSubtotal } : {}),
    ...(fields.signedInOnly ? { signedInOnly: true } : {}),
    ...(fields.firstOrderOnly ? { firstOrderOnly: true } : {}),
    ...(customerTags.length > 0 ? { customerTags } : {}),
  });
  const terms: Terms = {
    name: text("name"),
    description: text("description"),
    activation,
    codes: activation === "code" ? list("codes", /[\s,]+/) : [],
    target,
    effect: effect ?? { kind: "free_shipping" },
    conditions,
    limits: { totalUses: whole("totalUses", "usage limit") ?? null, usesPerCustomer: whole("usesPerCustomer", "per-customer limit") ?? null, ...(budget ? { budget } : {}) },
    startsAt: instant("startsAt"),
    endsAt: instant("endsAt"),
  };
  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, value: terms };
}

/** The form's kind for a promotion; undefined for what the form does not offer (tiers, fixed prices). */
export function formKindOf(p: Pick<PromotionDefinition, "target" | "effect">): FormKind | undefined {
  switch (p.effect.kind) {
    case "percentage":
      return p.target === "order" ? "percentage_order" : p.target === "product" ? "percentage_lines" : undefined;
    case "fixed_amount":
      return p.target === "order" ? "fixed_order" : undefined;
    case "free_shipping":
      return "free_shipping";
    case "buy_x_get_y":
      return "buy_x_get_y";
    default:
      return undefined;
  }
}

const perCurrencyValues = (name: string, amounts: Partial<Record<Currency, number>> | undefined) =>
  Object.fromEntries(CURRENCIES.flatMap((c) => (amounts?.[c] === undefined ? [] : [[`${name}_${c}`, decimalText(amounts[c])]])));

/** A promotion as the form's values, to edit it. */
export function formFromPromotion(p: PromotionDefinition): Record<string, string> {
  const effect = p.effect;
  const c = p.conditions;
  return {
    name: p.name,
    description: p.description,
    activation: p.activation,
    codes: p.codes.join("\n"),
    kind: formKindOf(p) ?? "",
    percent: effect.kind === "percentage" || effect.kind === "buy_x_get_y" ? String(effect.basisPoints / 100) : "",
    ...(effect.kind === "fixed_amount" ? perCurrencyValues("amountOff", effect.amountOff) : {}),
    buy: effect.kind === "buy_x_get_y" ? String(effect.buy) : "",
    get: effect.kind === "buy_x_get_y" ? String(effect.get) : "",
    categorySlugs: (c.categorySlugs ?? []).join(", "),
    startsAt: localTime(p.startsAt),
    endsAt: localTime(p.endsAt),
    totalUses: p.limits.totalUses ? String(p.limits.totalUses) : "",
    usesPerCustomer: p.limits.usesPerCustomer ? String(p.limits.usesPerCustomer) : "",
    ...perCurrencyValues("budget", p.limits.budget),
    ...perCurrencyValues("minSubtotal", c.minSubtotal),
    signedInOnly: c.signedInOnly ? "on" : "",
    firstOrderOnly: c.firstOrderOnly ? "on" : "",
    customerTags: (c.customerTags ?? []).join(", "),
  };
}

/** The API names a field by its path in the body; these are the form's names for the ones that differ. */
const FIELD_OF_PATH: Record<string, string> = { target: "kind", kind: "kind", basisPoints: "percent", tiers: "kind", amountOff: `amountOff_${CURRENCIES[0]}` };

/** `effect.amountOff.EUR` → `amountOff_EUR`, `codes.2` → `codes`, `limits.totalUses` → `totalUses`. */
export function formFieldOfIssue(path: string): string | undefined {
  const parts = path.split(".").filter((p) => p !== "" && !/^\d+$/.test(p));
  if (parts[0] === "effect" || parts[0] === "limits" || parts[0] === "conditions") parts.shift();
  const head = parts[0];
  if (head === undefined) return undefined;
  const name = FIELD_OF_PATH[head] ?? (parts[1] && (CURRENCIES as readonly string[]).includes(parts[1]) ? `${head}_${parts[1]}` : head);
  return (PROMOTION_FIELDS as readonly string[]).includes(name) ? name : undefined;
}

/**
 * The API's refusal as the form shows it: each issue beside its field (the first per field), the
 * rest above the form. Undefined for an error that is not about the form (it goes to the error page).
 */
export function formErrorsOf(err: unknown): { fieldErrors: Record<string, string>; formError?: string } | undefined {
  if (!(err instanceof AppError)) return undefined;
  if (err.code === "PROMOTION_CODE_TAKEN") return { fieldErrors: { codes: err.message } };
  if (err.code === "PROMOTION_ARCHIVED" || err.code === "PROMOTION_STATE_CONFLICT") return { fieldErrors: {}, formError: err.message };
  const issues = validationIssues(err);
  return issues ? issuesOnForm(issues, err.message, formFieldOfIssue) : undefined;
}

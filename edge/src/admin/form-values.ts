import { CURRENCIES, type Currency } from "../../../domain/money.ts";
import { AppError } from "../../../platform/errors.ts";
import { toMinorUnits } from "../catalog/listing-params.ts";

/**
 * Reading admin forms' text as the APIs' values: whole numbers, amounts per currency (decimal
 * text → integer minor units), UTC times from <input type="datetime-local">. A field that is not
 * even the right kind of text gets its message in `errors`; everything else is the API's to judge.
 */
export type FieldErrors = Record<string, string>;

export function wholeNumber(fields: Record<string, string>, name: string, label: string, errors: FieldErrors): number | undefined {
  const value = (fields[name] ?? "").trim();
  if (value === "") return undefined;
  if (!/^\d{1,9}$/.test(value)) errors[name] = `${label} must be a whole number`;
  return Number(value);
}

/** `${name}_USD`, `${name}_EUR`…: each optional; undefined when none is given. */
export function amounts(fields: Record<string, string>, name: string, label: string, errors: FieldErrors): Partial<Record<Currency, number>> | undefined {
  const found: Partial<Record<Currency, number>> = {};
  for (const currency of CURRENCIES) {
    const field = `${name}_${currency}`;
    const value = (fields[field] ?? "").trim();
    if (value === "") continue;
    if (/^\d{1,9}(\.\d{1,2})?$/.test(value)) found[currency] = toMinorUnits(value, currency);
    else errors[field] = `${label} in ${currency} must be an amount such as 12.50`;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/** Minor units as the form shows them: 1250 → "12.50". */
export const decimalText = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

/** <input type="datetime-local"> sends no zone: admin forms say their times are UTC. Empty: null. */
export function utcInstant(text: string | undefined): string | null {
  const value = (text ?? "").trim();
  if (value === "") return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return `${value}Z`;
  return value; // anything else goes to the API as typed, which names the field if it is no time
}

/** An ISO time as <input type="datetime-local"> shows it, in UTC. */
export const localTime = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");

/** The issues of an API's VALIDATION_FAILED, each naming its field by its path in the body. */
export function validationIssues(err: unknown): { path: string; message: string }[] | undefined {
  if (!(err instanceof AppError) || err.code !== "VALIDATION_FAILED") return undefined;
  return (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
}

/**
 * An API's issues as a form shows them: each beside the field `fieldOf` names for its path (the
 * first per field), the rest above the form.
 */
export function issuesOnForm(issues: { path: string; message: string }[], fallback: string, fieldOf: (path: string) => string | undefined): { fieldErrors: FieldErrors; formError?: string } {
  const fieldErrors: FieldErrors = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) fieldErrors[field] ??= issue.message;
    else unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  if (issues.length === 0) unplaced.push(fallback);
  return unplaced.length > 0 ? { fieldErrors, formError: unplaced.join("; ") } : { fieldErrors };
}

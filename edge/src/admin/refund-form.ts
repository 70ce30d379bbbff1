import { orderRefundRequestSchema, type OrderRefundRequest } from "../../../contracts/orders/refunds.ts";
import type { Currency } from "../../../domain/money.ts";
import { AppError } from "../../../platform/errors.ts";
import { toMinorUnits } from "../catalog/listing-params.ts";
import type { FormState } from "./pages.tsx";

/**
 * The refund form's fields, read into the orders service's refund request, and its refusals put
 * back beside the fields they name. One form refunds by amount (`by=amount`, a decimal such as
 * 12.50) or by lines (`by=lines`, a quantity per line in `qty_<position>`); the hidden `key` is the
 * Idempotency-Key, made when the form was shown, so submitting it twice refunds once.
 */
export type RefundForm = { ok: true; request: OrderRefundRequest; key: string } | { ok: false; state: FormState };

const DECIMAL = /^\d{1,9}(\.\d{1,2})?$/;
const COUNT = /^\d{1,6}$/;

export function readRefundForm(fields: Record<string, string>, currency: Currency): RefundForm {
  const values = { ...fields };
  const fieldErrors: Record<string, string> = {};
  const reason = (fields.reason ?? "").trim();
  let request: Record<string, unknown> = reason === "" ? {} : { reason };
  if (fields.by === "lines") {
    const lines: { position: number; quantity: number }[] = [];
    for (const [name, value] of Object.entries(fields)) {
      const position = /^qty_(\d+)$/.exec(name)?.[1];
      if (position === undefined || value.trim() === "") continue;
      if (!COUNT.test(value.trim())) fieldErrors[name] = "Enter a whole number of units";
      else if (Number(value) > 0) lines.push({ position: Number(position), quantity: Number(value) });
    }
    if (lines.length === 0 && Object.keys(fieldErrors).length === 0) fieldErrors.lines = "Enter how many units of at least one line to refund";
    request = { ...request, lines };
  } else {
    const amount = (fields.amount ?? "").trim();
    if (!DECIMAL.test(amount)) fieldErrors.amount = "Enter an amount such as 12.50";
    else request = { ...request, amount: toMinorUnits(amount, currency) };
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, state: { fieldErrors, values } };
  const checked = orderRefundRequestSchema.safeParse(request);
  if (!checked.success) {
    for (const issue of checked.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, state: { fieldErrors, values } };
  }
  const key = fields.key ?? "";
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) return { ok: false, state: { formError: "The form has expired; check the amounts and submit it again.", values } };
  return { ok: true, request: checked.data, key };
}

/** Where a refusal of the orders service goes on the form: beside the field it names, else above it. */
export function refusalState(err: AppError, request: OrderRefundRequest, values: Record<string, string>): FormState {
  const details = err.details as { issues?: { path?: unknown }[] } | undefined;
  const path = typeof details?.issues?.[0]?.path === "string" ? details.issues[0].path : "";
  const line = /^lines\.(\d+)\./.exec(path)?.[1];
  const position = line === undefined ? undefined : request.lines?.[Number(line)]?.position;
  let field: string | undefined;
  if (position !== undefined) field = `qty_${position}`;
  else if (path === "amount" && request.amount !== undefined) field = "amount";
  else if (path === "reason") field = "reason";
  return field ? { fieldErrors: { [field]: err.message }, values } : { formError: err.message, values };
}

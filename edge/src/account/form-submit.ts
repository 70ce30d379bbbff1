import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import type { EdgeEnv } from "../types.ts";
import type { AccountFormState, FieldErrors, FieldName } from "./forms.tsx";
import { safeNextPath } from "./next-path.ts";

/**
 * What the HTML forms do with a submission: validate with the same schemas as the API, run the
 * account action, and either redirect or say what to fix. Expected failures become a form state
 * (shown next to the field or at the top of the form); only unexpected ones reach onError.
 */
export type FormOutcome = { ok: true; redirectTo: string } | { ok: false; status: ContentfulStatusCode; state: AccountFormState };

const FIELDS: readonly FieldName[] = ["email", "password", "name"];

function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Service refusals the shopper can act on; EMAIL_TAKEN belongs to the email field. */
function failureState(err: AppError, base: AccountFormState): { status: ContentfulStatusCode; state: AccountFormState } {
  const status = err.status as ContentfulStatusCode;
  if (err.code === "EMAIL_TAKEN") {
    return { status, state: { ...base, fieldErrors: { email: "An account with this email already exists. Sign in instead?" } } };
  }
  if (err.code === "INVALID_CREDENTIALS") return { status, state: { ...base, formError: "The email or password is incorrect." } };
  if (err.code === "VALIDATION_FAILED") return { status, state: { ...base, formError: err.message } };
  return { status, state: { ...base, formError: err.status >= 500 ? "We could not reach your account just now. Please try again in a moment." : err.message } };
}

function text(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === "string" ? value : undefined;
}

export async function submitAccountForm<S extends z.ZodType>(
  c: Context<EdgeEnv>,
  schema: S,
  action: (input: z.output<S>) => Promise<unknown>,
): Promise<FormOutcome> {
  const form = await parseFormBody(c);
  const next = safeNextPath(text(form, "next") ?? c.req.query("next"));
  const base: AccountFormState = { next, values: { email: text(form, "email"), name: text(form, "name") } };
  const parsed = schema.safeParse({ email: text(form, "email"), password: text(form, "password"), name: text(form, "name") });
  if (!parsed.success) return { ok: false, status: 400, state: { ...base, fieldErrors: fieldErrors(parsed.error.issues) } };
  try {
    await action(parsed.data);
    return { ok: true, redirectTo: next };
  } catch (err) {
    if (!(err instanceof AppError) || (err.status >= 500 && err.code !== "SERVICE_UNAVAILABLE")) throw err;
    return { ok: false, ...failureState(err, base) };
  }
}

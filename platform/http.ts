import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { AppError, errorBody } from "./errors.ts";
import { isWellFormedFormBody } from "./form-utf8.ts";
import { REQUEST_ID_HEADER } from "./signing.ts";
import { log } from "./log.ts";

/**
 * The one error model: every service and the edge install `onError` and `notFound` from here, so
 * a failure anywhere reaches the client as `{ error: { code, message, details? } }`.
 */
/** AbortSignal.timeout's TimeoutError, or the AbortError of a fetch cut short (DOMException in both runtimes). */
function isTimeout(err: unknown): boolean {
  const name = typeof err === "object" && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === "TimeoutError" || name === "AbortError";
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status < 500 ? "BAD_REQUEST" : "INTERNAL";
    return c.json(errorBody(code, err.message || "request failed"), status);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody("BAD_REQUEST", "request body is not valid JSON"), 400);
  }
  if (isTimeout(err)) {
    // A deadline on a call to another service ran out after its answer had begun (the body was
    // still arriving): the callee is slow, which is an outage to retry, not a fault of this request.
    return c.json(errorBody("SERVICE_UNAVAILABLE", "a service took too long to answer, try again shortly"), 503, { "retry-after": "2" });
  }
  const sqlState = unstorableTextState(err);
  if (sqlState) {
    // The schemas should have refused it; logged (without the query's parameters, which hold the
    // shopper's data) so the route that let it through can be found.
    log("warn", "text the database cannot store reached a query", { path: c.req.path, sqlState });
    return c.json(errorBody("BAD_REQUEST", "the request contains characters that cannot be stored (such as NUL)"), 400);
  }
  log("error", "unhandled error", {
    requestId: c.res.headers.get(REQUEST_ID_HEADER) ?? c.req.header(REQUEST_ID_HEADER),
    path: c.req.path,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return c.json(errorBody("INTERNAL", "internal error"), 500);
};

/**
 * Postgres refuses NUL in text (22021, invalid byte sequence) and in jsonb (22P05, unsupported
 * Unicode escape). Drizzle wraps the driver's error, so the SQLSTATE is looked for along `cause`.
 */
const UNSTORABLE_TEXT = new Set(["22021", "22P05"]);

function unstorableTextState(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && typeof current.code === "string" && UNSTORABLE_TEXT.has(current.code)) return current.code;
    current = "cause" in current ? current.cause : undefined;
  }
  return undefined;
}

export const notFoundHandler: NotFoundHandler = (c) =>
  c.json(errorBody("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), 404);

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const where = i.path.length > 0 ? i.path.join(".") : "";
      return where && !i.message.startsWith(where) ? `${where}: ${i.message}` : i.message;
    })
    .join("; ");
}

/** The 400 for input that failed its schema: the message and `details.issues` name each field. */
export function validationFailed(issues: readonly z.core.$ZodIssue[]): AppError {
  return new AppError("VALIDATION_FAILED", describeIssues(issues), {
    issues: issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/** Parses `value` with `schema`, or throws a 400 whose message names each offending field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error.issues);
  return result.data;
}

/**
 * Reads an HTML form post (urlencoded or multipart) as its text fields; files are dropped. A body
 * the runtime cannot parse as a form, or whose text is not valid UTF-8 (which the parser would
 * quietly turn into U+FFFD), is the client's mistake: a 400, never a 500.
 */
export async function parseFormBody(c: Context): Promise<Record<string, string>> {
  let body: Record<string, unknown>;
  try {
    const raw = await c.req.raw.clone().arrayBuffer();
    if (!isWellFormedFormBody(c.req.header("content-type"), raw)) {
      throw new AppError("BAD_REQUEST", "form body is not valid UTF-8 text");
    }
    body = await c.req.parseBody();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("BAD_REQUEST", "form body is malformed");
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === "string") fields[name] = value;
  return fields;
}

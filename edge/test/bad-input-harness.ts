import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { formText, malformedForm, malformedJson, nastyString, SEED, wrongContentType } from "./bad-input-arbitraries.ts";

/**
 * How the bad-input suite sends its cases and judges the answers: every request goes out with the
 * owner's session (unless a case brings its own cookie) and is counted; a JSON route must refuse
 * in the error shape, a form or page route with a page (see refusedAsPage for the two exceptions).
 */
export const RUNS = 100;
let cases = 0;
let ownerCookie = "";

/** The session every case is sent with unless it brings its own cookie. */
export function sendAs(cookie: string): void {
  ownerCookie = cookie;
}

/** How many requests the suite has sent so far. */
export function casesSent(): number {
  return cases;
}

export interface Sent {
  method: string;
  path: string;
  body?: string | Uint8Array | undefined;
  contentType?: string | undefined;
  headers?: Record<string, string>;
  cookie?: string;
}

export async function send(req: Sent): Promise<Response> {
  cases++;
  const headers = new Headers(req.headers);
  headers.set("cookie", req.cookie ?? ownerCookie);
  if (req.contentType !== undefined) headers.set("content-type", req.contentType);
  return exports.default.fetch(`http://localhost${req.path}`, { method: req.method, headers, body: req.body ?? null, redirect: "manual" });
}

/** A refusal in the JSON error shape; the label and answer go in the failure message. */
export async function refusedAsJson(res: Response, label: string): Promise<void> {
  const text = await res.text();
  if (res.status < 400 || res.status >= 500) throw new Error(`${label} answered ${res.status}: ${text.slice(0, 300)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${label} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== "string" || typeof error.message !== "string") throw new Error(`${label} answered ${res.status} without { error: { code, message } }: ${text.slice(0, 200)}`);
}

/**
 * A refusal drawn as a page: a 4xx HTML page, or a 303 back with the error code in the query.
 * Two JSON answers are allowed: the 413 of the body limit, which refuses before any route runs,
 * and the 400 BAD_REQUEST of a body that is not a form at all where the route draws no page for
 * it (the account forms; edge/test/form-bodies.test.ts specifies it).
 */
export async function refusedAsPage(res: Response, label: string): Promise<void> {
  if (res.status === 413 || (res.status === 400 && (res.headers.get("content-type") ?? "").startsWith("application/json"))) return refusedAsJson(res, label);
  const text = await res.text();
  if (res.status === 303 && /[?&]cartError=/.test(res.headers.get("location") ?? "")) return;
  if (res.status < 400 || res.status >= 500) throw new Error(`${label} answered ${res.status} (${res.headers.get("location") ?? ""}): ${text.slice(0, 300)}`);
  if (!(res.headers.get("content-type") ?? "").startsWith("text/html")) throw new Error(`${label} answered ${res.status} as ${res.headers.get("content-type")}, not a page`);
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const invalidFor = (schema: { safeParse(v: unknown): { success: boolean } }) => (text: string) => !schema.safeParse(jsonOrUndefined(text)).success;
export const formInvalidFor = (schema: { safeParse(v: unknown): { success: boolean } }) => (text: string) => !schema.safeParse(Object.fromEntries(new URLSearchParams(text))).success;

/** A JSON route: hostile bodies, some under the wrong content type; all must be refused. */
export function jsonProperty(method: string, path: fc.Arbitrary<string>, body: fc.Arbitrary<string | undefined>, headers: fc.Arbitrary<Record<string, string>> = fc.constant({})) {
  return fc.asyncProperty(path, body, fc.option(wrongContentType, { freq: 3 }), headers, async (p, b, ct, h) => {
    const contentType = ct === null ? "application/json" : ct;
    await refusedAsJson(await send({ method, path: p, body: b, contentType, headers: h }), `${method} ${p} ${JSON.stringify(b?.slice(0, 120))} (${contentType})`);
  });
}

/** A form route: hostile fields (names may repeat), malformed bodies, JSON where a form belongs. */
export function formProperty(path: fc.Arbitrary<string>, body: fc.Arbitrary<string>) {
  const anyBody = fc.oneof({ weight: 8, arbitrary: body.map((b) => ({ b, ct: "application/x-www-form-urlencoded" })) }, { weight: 1, arbitrary: malformedForm.map((b) => ({ b, ct: "application/x-www-form-urlencoded" })) }, { weight: 1, arbitrary: malformedJson.map((b) => ({ b, ct: "application/json" })) });
  return fc.asyncProperty(path, anyBody, async (p, { b, ct }) => {
    await refusedAsPage(await send({ method: "POST", path: p, body: b, contentType: ct }), `POST ${p} ${JSON.stringify(b.slice(0, 120))}`);
  });
}

/** A GET of a page or JSON read with a hostile path or query. */
export function getProperty(path: fc.Arbitrary<string>, as: "json" | "page") {
  return fc.asyncProperty(path, async (p) => {
    const res = await send({ method: "GET", path: p });
    await (as === "json" ? refusedAsJson(res, `GET ${p}`) : refusedAsPage(res, `GET ${p}`));
  });
}

export const check = <T,>(property: fc.IAsyncProperty<T>, runs = RUNS) => fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: true });

/** Form pairs: each named field hostile, missing or repeated with hostile values; the rest valid. */
export function formPairs(good: Record<string, string>, bad: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(bad);
  return fc
    .tuple(fc.subarray(names, { minLength: 1 }), fc.record(Object.fromEntries(names.map((n) => [n, fc.array(bad[n] ?? nastyString, { maxLength: 3 })]))))
    .map(([broken, values]) => {
      const pairs: [string, string][] = Object.entries(good).filter(([k]) => !broken.includes(k));
      for (const name of broken) for (const v of values[name] ?? []) pairs.push([name, v]);
      return formText(pairs);
    });
}

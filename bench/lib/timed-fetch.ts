/**
 * One request as a load generator sees it: sent once (never retried), timed from the call to the
 * last byte of the body, and never thrown: a refused connection or a timeout is an outcome like
 * a status, so every failure can be counted and shown.
 */
export type Outcome =
  | { kind: "answer"; status: number; ok: boolean; code: string; ms: number; text: string; headers: Headers }
  | { kind: "failure"; status: "network" | "timeout"; ok: false; code: ""; ms: number };

export const REQUEST_TIMEOUT_MS = 30_000;

/** The `error.code` of one of our JSON error answers, or "" for anything else. */
export function errorCode(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? "";
  } catch {
    return "";
  }
}

export async function timedFetch(url: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    const ms = performance.now() - started;
    return { kind: "answer", status: res.status, ok: res.ok, code: res.status >= 400 ? errorCode(text) : "", ms, text, headers: res.headers };
  } catch (err) {
    const status = err instanceof Error && err.name === "TimeoutError" ? "timeout" : "network";
    return { kind: "failure", status, ok: false, code: "", ms: performance.now() - started };
  }
}

/** How a failed outcome is counted: "500", "409 CHECKOUT_IN_PROGRESS", "timeout". */
export function failureKey(o: Outcome): string {
  return `${o.status} ${o.code}`.trim();
}

/** A 409 OUT_OF_STOCK: a correct answer when the stock truly ran out, an error otherwise. */
export function isOutOfStock(o: Outcome): boolean {
  return o.status === 409 && o.code === "OUT_OF_STOCK";
}

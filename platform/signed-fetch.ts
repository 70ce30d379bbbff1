import { ACTOR_HEADER, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, signRequest } from "./signing.ts";

export interface SignedFetchOptions {
  method?: string;
  /** A JSON-serialisable body; sent as application/json. */
  json?: unknown;
  /** A body that is not JSON (the catalog's CSV import), sent as it is with its content type. */
  raw?: { body: string; contentType: string };
  headers?: Record<string, string>;
  requestId?: string | undefined;
  /** Give up after this long; a regional service that hangs must not hang the shopper. */
  timeoutMs?: number;
  /** In the Worker, a service binding or the global fetch; in Node, the global fetch. */
  fetcher?: (input: Request) => Promise<Response>;
}

/**
 * Sends a request signed with `secret` (see signing.ts), its Idempotency-Key header included.
 * Used edge → region and region → region, so every hop across the wire is authenticated the same way.
 */
export async function signedFetch(secret: string, baseUrl: string, pathWithQuery: string, options: SignedFetchOptions = {}): Promise<Response> {
  const method = (options.method ?? (options.json === undefined && options.raw === undefined ? "GET" : "POST")).toUpperCase();
  const body = options.raw?.body ?? (options.json === undefined ? "" : JSON.stringify(options.json));
  const headers = new Headers(options.headers);
  // The key is read back from the very headers that are sent, so what is signed is what arrives.
  const idempotencyKey = headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined;
  const actor = headers.get(ACTOR_HEADER) ?? undefined;
  const signed = await signRequest(secret, method, pathWithQuery, body, { idempotencyKey, actor });
  for (const [name, value] of Object.entries(signed)) headers.set(name, value);
  if (options.json !== undefined) headers.set("content-type", "application/json");
  if (options.raw !== undefined) headers.set("content-type", options.raw.contentType);
  if (options.requestId) headers.set(REQUEST_ID_HEADER, options.requestId);
  const request = new Request(new URL(pathWithQuery, baseUrl), {
    method,
    headers,
    body: body === "" ? null : body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  return (options.fetcher ?? fetch)(request);
}

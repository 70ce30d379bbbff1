import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { guardedLookup, RefusedDestination, refusedLiteral, type DestinationPolicy } from "./destination.ts";

/**
 * One webhook POST. node:http rather than fetch, for two reasons: it takes our own `lookup`, so the
 * SSRF check sees the very address the socket connects to; and it never follows a redirect (a 3xx
 * is an answer like any other non-2xx, not a way to be walked onto an internal address).
 */
export type SendOutcome =
  | { kind: "answered"; status: number; body: string }
  | { kind: "unreachable"; error: string }
  /** The destination is (or now resolves to) an address webhooks may not reach: not retried. */
  | { kind: "refused"; error: string };

/** How much of a receiver's answer is kept for the log. */
const KEPT_BODY_BYTES = 1024;

export async function postWebhook(url: string, body: string, headers: Record<string, string>, policy: DestinationPolicy, timeoutMs: number): Promise<SendOutcome> {
  const target = new URL(url);
  const literal = refusedLiteral(target, policy);
  if (literal) return { kind: "refused", error: literal };
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    const req = request(
      target,
      // A connection of its own (no agent): a pooled socket would skip `lookup`, and with it the check.
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), timeout: timeoutMs, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (chunk: Buffer) => {
          if (kept < KEPT_BODY_BYTES) chunks.push(chunk.subarray(0, KEPT_BODY_BYTES - kept));
          kept += chunk.length;
        });
        res.on("end", () => resolve({ kind: "answered", status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (err) => resolve({ kind: "unreachable", error: err.message }));
      },
    );
    // One deadline for connecting, sending and the whole answer, not only for an idle socket.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => resolve(err instanceof RefusedDestination ? { kind: "refused", error: err.message } : { kind: "unreachable", error: err.message }));
    req.on("close", () => clearTimeout(deadline));
    req.end(body);
  });
}

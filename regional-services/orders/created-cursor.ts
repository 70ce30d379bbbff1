import { AppError } from "../../platform/errors.ts";

/**
 * Cursors of the merchant's newest-first lists (a promotion's orders, the order list): base64url
 * JSON of the last row's creation time as Postgres wrote it (microseconds, which a JS Date would
 * round away and so skip or repeat rows; select it as `created_at::text`) and its id. Anything
 * that does not decode to one is a 400 naming `cursor`.
 */
export function encodeCreatedCursor(createdText: string, id: string): string {
  return Buffer.from(JSON.stringify([createdText, id])).toString("base64url");
}

export function decodeCreatedCursor(raw: string): [createdText: string, id: string] {
  const invalid = () => new AppError("VALIDATION_FAILED", "cursor: cursor is malformed", { issues: [{ path: "cursor", message: "cursor is malformed" }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  if (typeof at !== "string" || typeof id !== "string" || !/^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(at) || id.length > 200) throw invalid();
  return [at, id];
}

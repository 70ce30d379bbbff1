import type { SecuritySchemeName } from "../platform/openapi.ts";

/**
 * The `security` entries routes declare, by what the mounted `requireSignature([...])` or
 * `requireMerchant` really accepts. Alternatives in one array: any one of them is enough.
 */
export type Security = Partial<Record<SecuritySchemeName, string[]>>[];

/** `requireSignature([EDGE_SIGNING_SECRET])`. */
export const EDGE_SIGNED: Security = [{ edgeSignature: [] }];
/** `requireSignature([SERVICE_SIGNING_SECRET])`. */
export const SERVICE_SIGNED: Security = [{ serviceSignature: [] }];
/** `requireSignature([EDGE_SIGNING_SECRET, SERVICE_SIGNING_SECRET])`: either secret. */
export const EDGE_OR_SERVICE_SIGNED: Security = [{ edgeSignature: [] }, { serviceSignature: [] }];
/** `requireMerchant(MERCHANT_TOKEN)`. */
export const MERCHANT: Security = [{ merchantToken: [] }];

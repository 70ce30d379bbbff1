import type { SecuritySchemeName } from "../platform/openapi.ts";
import { PERMISSIONS, type Permission } from "../domain/staff-roles.ts";

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

/**
 * A merchant route that needs `permission` (domain/staff-roles.ts): `requireMerchant(auth,
 * permission)` on the service, the same check at the edge's `/admin/api/...`. The permission is
 * the OpenAPI scope of the requirement, so the documents say what each route needs and the gates
 * read it from the very declaration they guard (`permissionOf`).
 */
export function merchant(permission: Permission): Security {
  return [{ merchantToken: [permission] }];
}

/** The permission a route declared with `merchant(...)` needs; undefined for any other route. */
export function permissionOf(route: { security?: readonly Record<string, readonly string[]>[] | undefined }): Permission | undefined {
  for (const requirement of route.security ?? []) {
    const scope = requirement.merchantToken?.[0];
    if (scope !== undefined && (PERMISSIONS as readonly string[]).includes(scope)) return scope as Permission;
  }
  return undefined;
}

/**
 * Who on the merchant's staff may do what: one role per staff member, and per role the
 * permissions it grants. Every admin route declares the one permission it needs (its OpenAPI
 * security scope, contracts/security.ts); the edge and the service each ask `roleAllows`.
 *
 *   permission           owner  catalog  marketing  fulfilment  read-only
 *   catalog:read           x       x        x           x           x
 *   catalog:write          x       x
 *   promotions:read        x       x        x           x           x
 *   promotions:write       x                x
 *   orders:read            x       x        x           x           x
 *   orders:write           x                            x
 *   staff:read             x
 *   staff:write            x            (staff and API tokens)
 *   webhooks:read          x
 *   webhooks:write         x            (webhook endpoints, replaying deliveries)
 *   audit:read             x
 *
 * Every role reads the catalog, promotions and orders: a marketer needs the products a promotion
 * names, a fulfiller the products on an order. Staff, tokens, webhooks and the audit log are the owner's.
 */
export const ROLES = ["owner", "catalog", "marketing", "fulfilment", "read-only"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "catalog:read",
  "catalog:write",
  "promotions:read",
  "promotions:write",
  "orders:read",
  "orders:write",
  "staff:read",
  "staff:write",
  "webhooks:read",
  "webhooks:write",
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERY_ROLE_READS: readonly Permission[] = ["catalog:read", "promotions:read", "orders:read"];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  owner: PERMISSIONS,
  catalog: [...EVERY_ROLE_READS, "catalog:write"],
  marketing: [...EVERY_ROLE_READS, "promotions:write"],
  fulfilment: [...EVERY_ROLE_READS, "orders:write"],
  "read-only": EVERY_ROLE_READS,
});

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

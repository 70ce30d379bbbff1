import { z } from "zod";
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from "../../domain/staff-roles.ts";

/**
 * Who an admin request is for, as the edge verified it: a signed-in staff member (their role) or
 * an API token (its scopes). The edge puts it in the signed `x-edgeshop-actor` header
 * (platform/signing.ts) of every request it forwards from `/admin/api/...`; a service trusts it
 * only under a valid edge signature, and then checks the route's permission against it itself.
 */
export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });
export const permissionSchema = z.enum(PERMISSIONS, { error: `each scope must be one of ${PERMISSIONS.join(", ")}` });

export const actorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("staff"), id: z.string().min(1), email: z.string(), role: roleSchema }),
  z.object({ kind: z.literal("token"), id: z.string().min(1), name: z.string(), scopes: z.array(permissionSchema) }),
]);
export type Actor = z.output<typeof actorSchema>;
export type StaffActor = Extract<Actor, { kind: "staff" }>;

/** What the actor may do: a staff member's role's permissions, or a token's scopes. */
export function actorPermissions(actor: Actor): readonly Permission[] {
  return actor.kind === "staff" ? ROLE_PERMISSIONS[actor.role] : actor.scopes;
}

/** Header text: percent-encoded JSON, so a name or email outside ASCII survives the header. */
export function encodeActor(actor: Actor): string {
  return encodeURIComponent(JSON.stringify(actor));
}

/** The actor a header names, or undefined when it is not one. */
export function decodeActor(header: string): Actor | undefined {
  try {
    const parsed = actorSchema.safeParse(JSON.parse(decodeURIComponent(header)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** How an actor is named in answers and logs: "staff ada@example.com" or "token ci-deploy". */
export function describeActor(actor: Actor): string {
  return actor.kind === "staff" ? `staff ${actor.email}` : `token ${actor.name}`;
}

import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { actorPermissions, type StaffActor } from "../../../contracts/admin/actor.ts";
import type { Permission } from "../../../domain/staff-roles.ts";
import { forbidden } from "../../../platform/errors.ts";
import type { EdgeEnv } from "../types.ts";
import type { FormState } from "./pages.tsx";
import { actorOfSession, readAdminSession } from "./session.ts";

/**
 * What every admin page route shares (page-routes.tsx and each area's pages): the answer as a
 * page, the signed-in member with a permission, and a form checked by a contract's schema.
 */

/** Thrown by `member` when no one is signed in; the admin pages' error handler redirects to sign-in. */
export class SignInNeeded extends Error {}

export const page = (c: Context<EdgeEnv>, body: Child, status: ContentfulStatusCode = 200) => {
  c.header("cache-control", "no-store");
  return c.html(<>{body}</>, status);
};

/** The signed-in member, with `permission` when one is named; else a redirect to sign in, or 403. */
export async function member(c: Context<EdgeEnv>, permission?: Permission): Promise<StaffActor> {
  const session = await readAdminSession(c);
  if (!session) throw new SignInNeeded();
  const actor = actorOfSession(session);
  c.set("actor", actor);
  if (permission && !actorPermissions(actor).includes(permission)) throw forbidden(`your role (${actor.role}) lacks the permission ${permission}`);
  return actor;
}

/** Whether `actor` may use `permission`: pages show a write form only to those who may post it. */
export const may = (actor: StaffActor, permission: Permission): boolean => actorPermissions(actor).includes(permission);

/** A form's fields checked by `schema`: the value, or the errors by field for the page. */
export function checkForm<S extends z.ZodType>(schema: S, fields: unknown): { ok: true; value: z.output<S> } | { ok: false; state: FormState } {
  const result = schema.safeParse(fields);
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, state: { fieldErrors } };
}

/**
 * The three above, handed to an area's page module when page-routes.tsx registers it (orders,
 * refunds, catalog, webhooks): one shape for all, so each area's routes read alike.
 */
export interface AdminPageKit {
  member: typeof member;
  page: typeof page;
  checkForm: typeof checkForm;
}

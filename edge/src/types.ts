import type { Actor } from "../../contracts/admin/actor.ts";

/** The visitor's session, as carried in the signed cookie. */
export interface Session {
  /** Stable id of this browser session; a guest's cart and orders hang off it. */
  id: string;
  customerId?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  /** When the customer signed in on this session (ms); sessions can be ended server-side up to a time. */
  signedInAt?: number | undefined;
}

/** Hono environment of the edge app: bindings from wrangler.toml plus per-request variables. */
export interface EdgeVariables {
  requestId: string;
  /** Set by the session middleware on storefront routes; the admin (/admin) has no shopper session. */
  session: Session;
  /** On /admin/api/...: the staff member or API token this request is for (edge/src/admin/auth.ts). */
  actor?: Actor;
}
export interface EdgeEnv {
  Bindings: Env;
  Variables: EdgeVariables;
}

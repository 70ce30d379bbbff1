import {
  createStaffRoute,
  createTokenRoute,
  listStaffRoute,
  listAuditRoute,
  listTokensRoute,
  patchStaffRoute,
  recordAuditRoute,
  revokeTokenRoute,
  staffSignInRoute,
  verifyTokenRoute,
} from "../../contracts/admin/staff-routes.ts";
import { actorOf, gated, type MerchantAuth } from "../shared/merchant-auth.ts";
import { requireSignature, type ServiceApp } from "../shared/server.ts";
import { recordAudit, searchAudit } from "./audit.ts";
import { createToken, listTokens, revokeToken, verifyToken } from "./api-tokens.ts";
import type { CustomersDeps } from "./app.ts";
import { rateLimited } from "./app.ts";
import { createStaff, listStaff, patchStaff, signInStaff } from "./staff.ts";

/**
 * Staff sign-in, API tokens and staff management on the customers service. Sign-in counts against
 * the same limiter as shoppers' (per email and client), before any scrypt work.
 */
export function mountStaffRoutes(app: ServiceApp, deps: CustomersDeps): void {
  app.use("/staff/*", requireSignature(deps.edgeSecrets));
  // No legacy MERCHANT_TOKEN here: staff and tokens were never reachable with it.
  const merchant: MerchantAuth = { edgeSecrets: deps.edgeSecrets };

  app.openapi(staffSignInRoute, async (c) => {
    const input = c.req.valid("json");
    const attempt = await deps.limiter.attempt(`staff:${input.email}`, input.clientKey);
    if (!attempt.ok) {
      c.header("Retry-After", String(attempt.retryAfterSeconds));
      throw rateLimited("sign-in attempts", attempt.retryAfterSeconds);
    }
    return c.json({ staff: await signInStaff(deps.db, input) }, 200);
  });

  app.openapi(verifyTokenRoute, async (c) => c.json({ actor: await verifyToken(deps.db, c.req.valid("json").secret) }, 200));

  // Changes made at the catalog and orders services, recorded by the edge once they succeeded.
  app.openapi(recordAuditRoute, async (c) => {
    const { actor, ...entry } = c.req.valid("json");
    await recordAudit(deps.db, actor, entry);
    return c.json({ recorded: true as const }, 201);
  });

  app.openapi(gated(merchant, listAuditRoute), async (c) => c.json(await searchAudit(deps.db, c.req.valid("query")), 200));

  app.openapi(gated(merchant, listStaffRoute), async (c) => c.json({ staff: await listStaff(deps.db) }, 200));
  app.openapi(gated(merchant, createStaffRoute), async (c) => c.json({ staff: await createStaff(deps.db, c.req.valid("json"), actorOf(c), c.get("requestId")) }, 201));
  app.openapi(gated(merchant, patchStaffRoute), async (c) =>
    c.json({ staff: await patchStaff(deps.db, c.req.valid("param").id, c.req.valid("json"), actorOf(c), c.get("requestId")) }, 200),
  );

  app.openapi(gated(merchant, listTokensRoute), async (c) => c.json({ tokens: await listTokens(deps.db) }, 200));
  app.openapi(gated(merchant, createTokenRoute), async (c) => c.json(await createToken(deps.db, c.req.valid("json"), actorOf(c), c.get("requestId")), 201));
  app.openapi(gated(merchant, revokeTokenRoute), async (c) => c.json({ token: await revokeToken(deps.db, c.req.valid("param").id, actorOf(c), c.get("requestId")) }, 200));
}

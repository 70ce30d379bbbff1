import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createStaffSchema } from "../contracts/admin/api.ts";
import { openCustomersDatabase } from "../regional-services/customers/db.ts";
import { createFirstOwner } from "../regional-services/customers/staff.ts";
import { databaseOptions } from "../regional-services/shared/lifecycle.ts";
import { serviceEnv } from "../regional-services/shared/env.ts";
import { devOwnerLine } from "./dev-owner.ts";

/**
 * `npm run admin:create-owner -- --email you@example.com [--name "You"]`: the shop's first owner,
 * on the customers database (CUSTOMERS_DATABASE_URL, or the local one). The password is made here,
 * printed once and never stored in the clear; the command refuses when an owner exists, so it
 * cannot be used to take over a running shop. After that, owners add staff in the admin.
 *
 * `--dev` (what `npm run dev` runs): the dev owner with the published dev password, if the shop
 * has no owner; refused with NODE_ENV=production.
 */
const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, dev: { type: "boolean", default: false } } });
const env = serviceEnv("customers");
const handle = await openCustomersDatabase(databaseOptions(env));
try {
  if (values.dev) {
    if (env.raw.NODE_ENV === "production") throw new Error("--dev is refused with NODE_ENV=production: run it with --email");
    console.log(await devOwnerLine(handle.db, process.env.EDGE_PORT ?? 8787));
  } else {
    const password = randomBytes(18).toString("base64url");
    const input = createStaffSchema.omit({ role: true }).safeParse({ email: values.email, name: values.name, password });
    if (!input.success) throw new Error(`usage: npm run admin:create-owner -- --email you@example.com [--name "You"] (${input.error.issues.map((i) => i.message).join("; ")})`);
    const owner = await createFirstOwner(handle.db, input.data);
    console.log(`owner ${owner.email} created. Password (shown once, sign in at /admin): ${password}`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await handle.close();
}
// The local Postgres's in-process WebSocket proxy (neon-ws-proxy.ts) outlives the pool: leave now.
process.exit(process.exitCode ?? 0);

import { resolve } from "node:path";
import { openDatabase } from "../regional-services/shared/db.ts";
import { loadEnv, serviceEnv, SERVICES, type ServiceName } from "../regional-services/shared/env.ts";

/**
 * `npm run migrate [service…]`: applies each service's drizzle-kit migrations to its database,
 * `<SERVICE>_DATABASE_URL` when set (any Postgres, Neon included), else the local PGlite folder.
 */
const root = resolve(import.meta.dirname, "..");
const raw = loadEnv();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(SERVICES as readonly string[]).includes(w));
if (unknown.length > 0) {
  console.error(`unknown service(s): ${unknown.join(", ")}; expected some of ${SERVICES.join(", ")}`);
  process.exit(2);
}
const services = (wanted.length > 0 ? wanted : SERVICES) as readonly ServiceName[];

for (const name of services) {
  const env = serviceEnv(name, raw);
  const handle = await openDatabase({
    schema: {},
    migrationsFolder: resolve(root, "migrations", name),
    url: env.databaseUrl,
    dataDir: env.dataDir,
    migrate: true,
  });
  await handle.close();
  console.log(`${name}: migrations applied (${env.databaseUrl ? "postgres via Neon driver" : `PGlite at ${env.dataDir}`})`);
}

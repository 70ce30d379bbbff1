import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate --config regional-services/customers/drizzle.config.ts` */
export default defineConfig({
  dialect: "postgresql",
  schema: "./regional-services/customers/schema.ts",
  out: "./migrations/customers",
});

import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate --config regional-services/payments/drizzle.config.ts` */
export default defineConfig({
  dialect: "postgresql",
  schema: "./regional-services/payments/schema.ts",
  out: "./migrations/payments",
});

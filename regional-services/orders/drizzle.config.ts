import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate --config regional-services/orders/drizzle.config.ts` */
export default defineConfig({
  dialect: "postgresql",
  schema: "./regional-services/orders/schema.ts",
  out: "./migrations/orders",
});

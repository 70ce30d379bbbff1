import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate --config regional-services/catalog/drizzle.config.ts` */
export default defineConfig({
  dialect: "postgresql",
  schema: "./regional-services/catalog/schema.ts",
  out: "./migrations/catalog",
});

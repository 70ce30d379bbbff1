import { signRequest } from "../../../platform/signing.ts";
import { loadEnv, serviceEnv, type ServiceEnv } from "../../shared/env.ts";
import type { ServiceApp } from "../../shared/server.ts";
import { createCatalogApp } from "../app.ts";
import { openCatalogDatabase, type CatalogDb } from "../db.ts";
import { generateCatalog, type GeneratedCatalog } from "../seed/generate.ts";
import { seedCatalog } from "../seed/seed.ts";

/**
 * A catalog app on its own freshly seeded database, called in-process with `app.request()`:
 * PGlite in memory by default, or the Neon driver against a Postgres URL.
 */
export interface CatalogFixture {
  db: CatalogDb;
  app: ServiceApp;
  env: ServiceEnv;
  /** What the seed put in, to check answers against. */
  catalog: GeneratedCatalog;
  /** A GET signed as the edge would sign it. */
  get(pathWithQuery: string): Promise<Response>;
  /** A merchant request carrying the merchant token. */
  merchant(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  close(): Promise<void>;
}

export const TEST_SEED = 4242;

export async function openFixture(options: { products: number; url?: string }): Promise<CatalogFixture> {
  const env = serviceEnv("catalog", loadEnv({}));
  const handle = await openCatalogDatabase({ url: options.url, dataDir: "memory://", migrate: true });
  await seedCatalog(handle.db, { seed: TEST_SEED, products: options.products });
  const app = createCatalogApp({ db: handle.db, env });
  return {
    db: handle.db,
    app,
    env,
    catalog: generateCatalog({ seed: TEST_SEED, products: options.products }),
    get: async (pathWithQuery) => app.request(pathWithQuery, { headers: { ...(await signRequest(env.raw.EDGE_SIGNING_SECRET, "GET", pathWithQuery, "")) } }),
    merchant: async (method, path, body, token = env.raw.MERCHANT_TOKEN) =>
      app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    close: () => handle.close(),
  };
}

/** The error an API answered, for asserting on code and message. */
export async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return body.error;
}

/** The slug of a category without children in the seed: where specs put the products they make. */
export function leafCategorySlug(catalog: GeneratedCatalog): string {
  const parents = new Set(catalog.categories.map((c) => c.parentId));
  const leaf = catalog.categories.find((c) => !parents.has(c.id));
  if (!leaf) throw new Error("the seed has no leaf category");
  return leaf.slug;
}

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../db.ts";
import { loadEnv, serviceEnv } from "../env.ts";
import { databaseOptions, onDatabase, serviceUrl } from "../lifecycle.ts";
import { openOutboxDatabase, outboxSchema } from "./outbox-db.ts";

/** The parts of a service's start() that every service shares. */
describe("databaseOptions", () => {
  it("uses the database URL when there is one, else PGlite in memory or in the data folder", () => {
    const onDisk = serviceEnv("orders", loadEnv({ DATA_DIR: "/srv/data" }));
    expect(databaseOptions(onDisk)).toEqual({ url: undefined, dataDir: "/srv/data/orders/pgdata", migrate: true, poolMax: 20 });
    expect(databaseOptions(onDisk, true)).toEqual({ url: undefined, dataDir: "memory://", migrate: true, poolMax: 20 });
    const neon = serviceEnv("orders", loadEnv({ ORDERS_DATABASE_URL: "postgres://u@db.example.com/orders" }));
    expect(databaseOptions(neon, true)).toMatchObject({ url: "postgres://u@db.example.com/orders", migrate: true });
  });
});

describe("serviceUrl", () => {
  it("is the listen address, except that a wildcard address is reached on 127.0.0.1", () => {
    expect(serviceUrl("127.0.0.1", 8801)).toBe("http://127.0.0.1:8801");
    expect(serviceUrl("orders.internal", 80)).toBe("http://orders.internal:80");
    expect(serviceUrl("0.0.0.0", 8802)).toBe("http://127.0.0.1:8802");
    expect(serviceUrl("::", 8803)).toBe("http://127.0.0.1:8803");
  });
});

describe("onDatabase", () => {
  const usable = (db: Database<typeof outboxSchema>) =>
    db.execute(sql`select 1`).then(
      () => true,
      () => false,
    );

  it("closes the database after the service, which can still use it while it stops", async () => {
    const handle = await openOutboxDatabase(outboxSchema);
    let usableWhileStopping: boolean | undefined;
    const service = await onDatabase(handle, async (db) => ({
      name: "orders",
      port: 1,
      url: "http://127.0.0.1:1",
      close: async () => {
        usableWhileStopping = await usable(db);
      },
    }));
    expect(service).toMatchObject({ name: "orders", port: 1, url: "http://127.0.0.1:1" });
    await service.close();
    expect(usableWhileStopping).toBe(true);
    expect(await usable(handle.db)).toBe(false);
  });

  it("closes the database when starting the service fails, and passes the failure on", async () => {
    const handle = await openOutboxDatabase(outboxSchema);
    await expect(
      onDatabase(handle, async () => {
        throw new Error("port in use");
      }),
    ).rejects.toThrow("port in use");
    expect(await usable(handle.db)).toBe(false);
  });
});

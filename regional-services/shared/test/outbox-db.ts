import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle, type Schema } from "../db.ts";
import { consumerCursors, outbox } from "../outbox-schema.ts";

/** The tables every publishing or consuming service has, without any one service's migrations. */
export const outboxSchema = { outbox, consumerCursors };

/**
 * A throwaway PGlite database (or the Postgres database at `url`) with the outbox and consumer-cursor tables (and tables of a test's
 * own, created by `extraDdl`), for specs of the shared feed plumbing.
 */
export async function openOutboxDatabase<S extends Schema>(schema: S, extraDdl: readonly string[] = [], url?: string): Promise<DatabaseHandle<S>> {
  const h = await openDatabase({ schema, migrationsFolder: "", dataDir: "memory://", url });
  await h.db.execute(sql`create table outbox (seq bigserial primary key, type text not null, subject text not null, payload jsonb not null, created_at timestamptz not null default now(), tx bigint not null default (pg_current_xact_id()::text::bigint))`);
  await h.db.execute(sql`create table consumer_cursors (feed text primary key, position bigint not null default 0, updated_at timestamptz not null default now())`);
  for (const ddl of extraDdl) await h.db.execute(sql.raw(ddl));
  return h;
}

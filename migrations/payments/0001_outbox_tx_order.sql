-- Feed order becomes (tx, seq) and writers stop taking the outbox advisory lock (shared/outbox.ts).
-- Rows already there get tx 0: they were written under that lock, so their seq order is their
-- commit order and they stay first, in it. Only rows written from now on get their transaction's id.
ALTER TABLE "outbox" ADD COLUMN "tx" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "tx" SET DEFAULT (pg_current_xact_id()::text::bigint);--> statement-breakpoint
CREATE INDEX "outbox_tx_seq_idx" ON "outbox" USING btree ("tx","seq");

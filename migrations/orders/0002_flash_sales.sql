CREATE TABLE "flash_sale_reservations" (
	"reservation_id" text PRIMARY KEY NOT NULL,
	"sale_id" text,
	"order_id" text,
	"buyer_key" text,
	"quantity" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flash_sales" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"prices" jsonb NOT NULL,
	"allocation" integer NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"per_customer_max" integer NOT NULL,
	"shards" integer NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "flash_sale_reservations_buyer_idx" ON "flash_sale_reservations" USING btree ("sale_id","buyer_key");
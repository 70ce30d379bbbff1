CREATE TABLE "promotion_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"promotion_id" text NOT NULL,
	"single_use" boolean DEFAULT true NOT NULL,
	"order_id" text
);
--> statement-breakpoint
CREATE TABLE "promotion_counters" (
	"promotion_id" text PRIMARY KEY NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "promotion_counters_uses_not_negative" CHECK ("promotion_counters"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_customer_uses" (
	"promotion_id" text NOT NULL,
	"customer_key" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "promotion_customer_uses_promotion_id_customer_key_pk" PRIMARY KEY("promotion_id","customer_key"),
	CONSTRAINT "promotion_customer_uses_not_negative" CHECK ("promotion_customer_uses"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_redemptions" (
	"order_id" text NOT NULL,
	"promotion_id" text NOT NULL,
	"code" text,
	"single_use_code" boolean DEFAULT false NOT NULL,
	"customer_key" text NOT NULL,
	"currency" text NOT NULL,
	"amount" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_redemptions_order_id_promotion_id_pk" PRIMARY KEY("order_id","promotion_id"),
	CONSTRAINT "promotion_redemptions_status_known" CHECK ("promotion_redemptions"."status" in ('held', 'confirmed', 'released'))
);
--> statement-breakpoint
CREATE TABLE "promotion_spend" (
	"promotion_id" text NOT NULL,
	"currency" text NOT NULL,
	"spent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "promotion_spend_promotion_id_currency_pk" PRIMARY KEY("promotion_id","currency"),
	CONSTRAINT "promotion_spend_not_negative" CHECK ("promotion_spend"."spent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"status" text NOT NULL,
	"activation" text NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "category_slugs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_codes_promotion_idx" ON "promotion_codes" USING btree ("promotion_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_promotion_idx" ON "promotion_redemptions" USING btree ("promotion_id","created_at","order_id");--> statement-breakpoint
CREATE INDEX "promotions_live_idx" ON "promotions" USING btree ("status","activation");
CREATE TABLE "customer_tags" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"tags" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

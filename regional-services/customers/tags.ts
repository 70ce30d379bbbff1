import { and, eq, sql } from "drizzle-orm";
import { notFound } from "../../platform/errors.ts";
import { CUSTOMER_TAGS_CHANGED, type CustomerTagsChanged, type CustomerTagsView } from "../../contracts/customers/tags.ts";
import { appendEvent } from "../shared/outbox.ts";
import type { CustomersDb } from "./db.ts";
import { customers } from "./schema.ts";

/**
 * The merchant's tags on an account. A change and its `customer.tags_changed` event commit
 * together (the outbox), so the orders service's replica follows every change, in order, and
 * never sees one that did not happen. Setting the tags an account already has publishes nothing.
 */

/** The customer's tags, or undefined for an unknown customer. */
export async function tagsOf(db: CustomersDb, customerId: string): Promise<string[] | undefined> {
  const [row] = await db.select({ tags: customers.tags }).from(customers).where(eq(customers.id, customerId)).limit(1);
  return row?.tags;
}

export async function readCustomerTags(db: CustomersDb, customerId: string): Promise<CustomerTagsView> {
  const tags = await tagsOf(db, customerId);
  if (tags === undefined) throw notFound(`no customer ${customerId}`);
  return { customerId, tags };
}

/** Replaces the tags (already normalised and sorted by the contract's schema). */
export async function setCustomerTags(db: CustomersDb, customerId: string, tags: readonly string[]): Promise<CustomerTagsView> {
  const changed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({ tags: [...tags] })
      .where(and(eq(customers.id, customerId), sql`${customers.tags} is distinct from ${sql.param([...tags], customers.tags)}`))
      .returning({ id: customers.id });
    if (!row) return false;
    const payload: CustomerTagsChanged = { customerId, tags: [...tags] };
    await appendEvent(tx, CUSTOMER_TAGS_CHANGED, customerId, payload);
    return true;
  });
  // Nothing changed: either the tags were already these, or there is no such customer.
  if (!changed) return readCustomerTags(db, customerId);
  return { customerId, tags: [...tags] };
}

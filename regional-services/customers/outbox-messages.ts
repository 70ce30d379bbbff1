import { desc, eq } from "drizzle-orm";
import { log } from "../../platform/log.ts";
import type { CustomersDb } from "./db.ts";
import { messages, type MessageKind, type MessageRow } from "./schema.ts";
import type { OutboxMessage } from "./signup-contract.ts";

/**
 * The customers service's outgoing mail: written here, sent by a mail adapter. Locally nothing is
 * sent; the messages are read back through `GET /internal/messages` (the edge's /dev/mailbox).
 */
export interface NewMessage {
  to: string;
  kind: MessageKind;
  subject: string;
  body: string;
  link?: string | undefined;
}

export interface MessageOptions {
  /** Log each message with its link, so a developer running `npm run dev` can follow it. Never in production. */
  logLinks: boolean;
}

export async function writeMessage(db: CustomersDb, message: NewMessage, options: MessageOptions): Promise<void> {
  const id = crypto.randomUUID();
  await db.insert(messages).values({ id, toEmail: message.to, kind: message.kind, subject: message.subject, body: message.body, link: message.link ?? null });
  if (options.logLinks) log("info", "message written (development mailbox: /dev/mailbox)", { id, to: message.to, kind: message.kind, link: message.link ?? null });
}

function toOutboxMessage(row: MessageRow): OutboxMessage {
  return { id: row.id, to: row.toEmail, kind: row.kind, subject: row.subject, body: row.body, link: row.link, createdAt: row.createdAt.toISOString() };
}

/** The newest messages first, to one address or to anyone. */
export async function listMessages(db: CustomersDb, to: string | undefined, limit = 50): Promise<OutboxMessage[]> {
  const query = db.select().from(messages);
  const rows = await (to === undefined ? query : query.where(eq(messages.toEmail, to))).orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit);
  return rows.map(toOutboxMessage);
}

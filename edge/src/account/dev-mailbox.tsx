import { Hono } from "hono";
import { notFound } from "../../../platform/errors.ts";
import { parse } from "../../../platform/http.ts";
import { messagesQuerySchema, messagesRoute } from "../../../contracts/customers/routes.ts";
import { callServiceRoute } from "../service-client.ts";
import { Layout } from "../ui/layout.tsx";
import type { EdgeEnv } from "../types.ts";

/**
 * `/dev/mailbox`: the messages the customers service would have mailed (sign-up links), for local
 * development and tests. Only when ENVIRONMENT is development or test; anywhere else it does not
 * exist (404), since the links in it finish other people's sign-ups.
 */
export const devMailboxRoutes = new Hono<EdgeEnv>();

devMailboxRoutes.get("/dev/mailbox", async (c) => {
  if (c.env.ENVIRONMENT !== "development" && c.env.ENVIRONMENT !== "test") throw notFound(`no route for GET ${c.req.path}`);
  c.header("Cache-Control", "private, no-store");
  const { to } = parse(messagesQuerySchema, c.req.query());
  const { messages } = (await callServiceRoute(c, "customers", messagesRoute, { query: { to } })).body;
  return c.html(
    <Layout title="Development mailbox" session={c.get("session")}>
      <section aria-labelledby="mailbox-heading">
        <h1 id="mailbox-heading">Development mailbox</h1>
        {messages.length === 0 ? <p>No messages.</p> : null}
        {messages.map((m) => (
          <article class="message">
            <h2>{m.subject}</h2>
            <p>
              To {m.to}, {m.createdAt}
            </p>
            <p>{m.body}</p>
            {m.link ? (
              <p>
                <a href={m.link}>Open the link</a>
              </p>
            ) : null}
          </article>
        ))}
      </section>
    </Layout>,
  );
});

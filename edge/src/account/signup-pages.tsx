import { Hono } from "hono";
import { AppError } from "../../../domain/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { signUpTokenSchema } from "../../../regional-services/customers/signup-contract.ts";
import { FormError } from "../ui/components.tsx";
import { Layout } from "../ui/layout.tsx";
import type { EdgeEnv } from "../types.ts";
import { safeNextPath } from "./next-path.ts";
import { completeSignUp } from "./signup.ts";

/**
 * The pages around sign-up by email: "check your inbox" after the form, and the page the emailed
 * link opens. Following the link only shows a button: the account is created by the POST, so a
 * mail scanner fetching links cannot use one up (nor sign itself in).
 */
export function CheckInbox() {
  return (
    <section class="account-form" aria-labelledby="inbox-heading">
      <h1 id="inbox-heading">Check your inbox</h1>
      <p>Check your inbox to finish creating your account. We have sent a message to the address you gave.</p>
    </section>
  );
}

function VerifyForm(props: { token: string; next: string; error?: string | undefined }) {
  return (
    <section class="account-form" aria-labelledby="verify-heading">
      <h1 id="verify-heading">Finish creating your account</h1>
      <FormError message={props.error} />
      <form method="post" action="/account/verify">
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit">Finish creating my account</button>
      </form>
    </section>
  );
}

export const signUpPagesRoutes = new Hono<EdgeEnv>();

signUpPagesRoutes.get("/account/verify", (c) => {
  const token = signUpTokenSchema.safeParse(c.req.query("token"));
  const next = safeNextPath(c.req.query("next"));
  const body = token.success ? <VerifyForm token={token.data} next={next} /> : <VerifyForm token="" next={next} error="This link is not complete. Open it again from the message." />;
  return c.html(
    <Layout title="Finish creating your account" session={c.get("session")}>
      {body}
    </Layout>,
    token.success ? 200 : 400,
  );
});

signUpPagesRoutes.post("/account/verify", async (c) => {
  const form = await parseFormBody(c);
  const next = safeNextPath(form.next);
  const token = signUpTokenSchema.safeParse(form.token);
  let error = "This link is not complete. Open it again from the message.";
  let status: 400 | 409 | 429 | 503 = 400;
  if (token.success) {
    try {
      await completeSignUp(c, token.data);
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status >= 500 && err.code !== "SERVICE_UNAVAILABLE")) throw err;
      status = err.status === 409 || err.status === 429 || err.status === 503 ? err.status : 400;
      error =
        err.code === "EMAIL_TAKEN"
          ? "An account with this email already exists. Sign in instead."
          : err.code === "INVALID_TOKEN"
            ? "This link has expired or was already used. Sign up again, or sign in."
            : err.message;
    }
  }
  return c.html(
    <Layout title="Finish creating your account" session={c.get("session")}>
      <VerifyForm token="" next={next} error={error} />
    </Layout>,
    status,
  );
});

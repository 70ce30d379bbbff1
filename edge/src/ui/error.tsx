import { Layout } from "./layout.tsx";
import type { Session } from "../types.ts";

/** An error as a page: the status in the title, the (shopper-safe) message, a way back home. */
export interface ErrorPageProps {
  status: number;
  message: string;
  session?: Session | undefined;
}

const TITLES: Record<number, string> = {
  400: "That request did not work",
  404: "Not found",
  503: "Temporarily unavailable",
};

export function ErrorPage(props: ErrorPageProps) {
  const title = TITLES[props.status] ?? (props.status >= 500 ? "Something went wrong" : "That request did not work");
  return (
    <Layout title={title} session={props.session}>
      <section class="error-page" aria-labelledby="error-heading">
        <h1 id="error-heading">{title}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Back to the shop</a>
        </p>
      </section>
    </Layout>
  );
}

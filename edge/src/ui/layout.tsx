import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { CURRENCIES, type Currency } from "../../../domain/money.ts";
import type { Session } from "../types.ts";
import { slot } from "./page-template.ts";
import { STYLES } from "./styles.ts";

/**
 * The page shell every storefront page shares (catalog, cart, checkout, account): header with
 * search, cart and account links, the one inline stylesheet, and a footer. No client framework
 * and no script: every control is a link or a plain form that works without JavaScript.
 */
export interface CurrencyPickerProps {
  current: Currency;
  /** Where the picker submits to (the current page's path). */
  action: string;
  /** Query parameters of the current page to keep when the currency changes (e.g. filters). */
  keep?: Record<string, string | undefined>;
}

/**
 * Stands for "whichever shopper asks": the header's account link becomes a slot filled per
 * request, so the rest of the page can be kept and shared (ui/page-template.ts).
 */
export const PER_SHOPPER = Symbol("per-shopper");
export type PageSession = Session | undefined | typeof PER_SHOPPER;

export interface LayoutProps {
  title: string;
  session?: PageSession;
  /** Shown on catalog pages, where prices depend on the chosen currency. */
  currency?: CurrencyPickerProps | undefined;
  description?: string | undefined;
  children?: Child;
}

export const SITE_NAME = "edgeshop";

/** The document's `<head>`, shared by the storefront and the admin (`site` names the title's suffix). */
export function PageHead(props: { title: string; site?: string; description?: string | undefined; noIndex?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {props.noIndex ? <meta name="robots" content="noindex" /> : null}
      <title>{`${props.title} · ${props.site ?? SITE_NAME}`}</title>
      {props.description ? <meta name="description" content={props.description} /> : null}
      <style>{raw(STYLES)}</style>
    </head>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <PageHead title={props.title} description={props.description} />
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <SiteHeader session={props.session} currency={props.currency} />
          <main id="main">{props.children}</main>
          <footer class="site-footer">
            <p>{SITE_NAME}: an open-source storefront served from the edge. Tax and shipping are added at checkout.</p>
          </footer>
        </body>
      </html>
    </>
  );
}

function SiteHeader(props: { session?: PageSession; currency?: CurrencyPickerProps | undefined }) {
  return (
    <header class="site-header">
      <a class="brand" href="/">
        {SITE_NAME}
      </a>
      <form class="site-search" role="search" method="get" action="/search">
        <label class="visually-hidden" for="site-search">
          Search products
        </label>
        <input id="site-search" type="search" name="q" placeholder="Search products" maxlength={200} />
        <button type="submit">Search</button>
      </form>
      {props.currency ? <CurrencyPicker {...props.currency} /> : null}
      <nav class="site-nav" aria-label="Your shop">
        <ul>
          <li>
            <a href="/cart">Cart</a>
          </li>
          <li>{props.session === PER_SHOPPER ? slot("account") : <AccountLink session={props.session} />}</li>
        </ul>
      </nav>
    </header>
  );
}

/** The header's one per-shopper part: the signed-in customer's name, or a way to sign in. */
export function AccountLink(props: { session?: Session | undefined }) {
  const { session } = props;
  if (!session?.customerId) return <a href="/account/signin">Sign in</a>;
  return <a href="/account">{session.name ?? session.email ?? "Your account"}</a>;
}

/** A GET form, so the choice lands in `?currency=` (and from there in the `currency` cookie). */
export function CurrencyPicker(props: CurrencyPickerProps) {
  const kept = Object.entries(props.keep ?? {}).filter(([name, value]) => name !== "currency" && value);
  return (
    <form class="currency-picker" method="get" action={props.action}>
      <label for="currency-picker">Currency</label>
      <select id="currency-picker" name="currency">
        {CURRENCIES.map((c) => (
          <option value={c} selected={c === props.current}>
            {c}
          </option>
        ))}
      </select>
      {kept.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit">Set</button>
    </form>
  );
}

import type { CategoryNode, ProductSummary } from "../../../contracts/catalog/views.ts";
import { ProductGrid } from "../ui/components.tsx";
import { Layout, SITE_NAME, type CurrencyPickerProps, type PageSession } from "../ui/layout.tsx";

/** The storefront's front page: every top-level category with its children, then new arrivals. */
export interface HomePageProps {
  session?: PageSession;
  currency: CurrencyPickerProps;
  categories: CategoryNode[];
  newest: ProductSummary[];
}

export function HomePage(props: HomePageProps) {
  return (
    <Layout title="Home" session={props.session} currency={props.currency} description={`Shop ${SITE_NAME}: new arrivals and every category.`}>
      <h1>Welcome to {SITE_NAME}</h1>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Shop by category</h2>
        <ul class="category-list">
          {props.categories.map((root) => (
            <li>
              <a href={`/c/${root.slug}`}>
                <strong>{root.name}</strong>
              </a>
              {root.children.length > 0 ? (
                <ul>
                  {root.children.map((child) => (
                    <li>
                      <a href={`/c/${child.slug}`}>{child.name}</a> <span class="count">({child.productCount})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="newest-heading">
        <h2 id="newest-heading">New arrivals</h2>
        <ProductGrid products={props.newest} label="New arrivals" />
      </section>
    </Layout>
  );
}

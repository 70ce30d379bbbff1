import { afterAll, beforeAll } from "vitest";
import { openFixture, type CatalogFixture } from "./fixture.ts";
import { listingSpecification } from "./listing-spec.ts";

let fixture: CatalogFixture;
beforeAll(async () => {
  fixture = await openFixture({ products: 120 });
});
afterAll(() => fixture.close());

listingSpecification("PGlite", () => fixture);

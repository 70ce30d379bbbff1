import { afterAll, beforeAll, describe } from "vitest";
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from "../../shared/testing.ts";
import { openFixture, type CatalogFixture } from "./fixture.ts";
import { listingSpecification } from "./listing-spec.ts";

/** The same listing specification through the Neon serverless driver against the real Postgres. */
const available = await postgresAvailable();

describe.skipIf(!available)("catalog on Postgres through the Neon driver", () => {
  let scratch: ScratchDatabase;
  let fixture: CatalogFixture;
  beforeAll(async () => {
    scratch = await createScratchDatabase("catalog");
    fixture = await openFixture({ products: 120, url: scratch.url });
  });
  afterAll(async () => {
    await fixture.close();
    await scratch.drop();
  });

  listingSpecification("Neon driver", () => fixture);
});

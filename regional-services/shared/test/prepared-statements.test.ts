import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareNeonDriver } from "../neon-driver.ts";
import { PreparingPool, statementName } from "../prepared-statements.ts";
import { postgresAvailable, TEST_POSTGRES_URL } from "../testing.ts";

const available = await postgresAvailable();

describe("statement names", () => {
  it("gives one text one name, and different texts different names", () => {
    const a = statementName("select $1::int + 1 as spec_a");
    const b = statementName("select $1::int + 2 as spec_b");
    expect(a).toMatch(/^edgeshop_\d+$/);
    expect(statementName("select $1::int + 1 as spec_a")).toBe(a);
    expect(b).not.toBe(a);
  });
});

describe.skipIf(!available)("a PreparingPool connection on Postgres", () => {
  let pool: PreparingPool;

  beforeAll(async () => {
    await prepareNeonDriver(TEST_POSTGRES_URL);
    pool = new PreparingPool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
  });

  /** The protocol-level statements this connection's backend holds (pg_prepared_statements). */
  async function prepared(client: { query(text: string): Promise<{ rows: { statement: string }[] }> }): Promise<string[]> {
    return (await client.query("select statement from pg_prepared_statements where not from_sql")).rows.map((r) => r.statement);
  }

  it("parses a parameterised statement once and runs it again by name, with the right answers", async () => {
    const client = await pool.connect();
    try {
      const text = "select $1::int * 2 as doubled -- prepared-statements spec";
      const first = await client.query(text, [21]);
      const again = await client.query({ text, values: [5] });
      expect(first.rows).toEqual([{ doubled: 42 }]);
      expect(again.rows).toEqual([{ doubled: 10 }]);
      expect((await prepared(client)).filter((s) => s === text)).toHaveLength(1);
      // Parsed by the first call already: the second only bound and ran it.
      expect((await client.query(text, [1])).rows).toEqual([{ doubled: 2 }]);
    } finally {
      client.release();
    }
  });

  it("leaves statements without parameters (BEGIN, COMMIT, DDL) unnamed", async () => {
    const client = await pool.connect();
    try {
      await client.query("select 1 as plain -- prepared-statements spec, no parameters");
      expect(await prepared(client)).not.toContain("select 1 as plain -- prepared-statements spec, no parameters");
    } finally {
      client.release();
    }
  });

  it("leaves bulk statements (more than 32 parameters) unnamed", async () => {
    const client = await pool.connect();
    try {
      const values = Array.from({ length: 40 }, (_, i) => i);
      const text = `select ${values.map((_, i) => `$${i + 1}::int`).join(" + ")} as total -- prepared-statements spec, bulk`;
      expect((await client.query({ text, values })).rows).toEqual([{ total: 780 }]);
      expect(await prepared(client)).not.toContain(text);
    } finally {
      client.release();
    }
  });

  it("keeps a name the caller gave", async () => {
    const client = await pool.connect();
    try {
      await client.query({ name: "spec_own_name", text: "select $1::text as own", values: ["x"] });
      const names = (await client.query("select name from pg_prepared_statements where not from_sql")).rows.map((r: { name: string }) => r.name);
      expect(names).toContain("spec_own_name");
    } finally {
      client.release();
    }
  });
});

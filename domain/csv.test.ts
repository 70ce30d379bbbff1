import { describe, expect, it } from "vitest";
import { parseCsv, serializeCsv } from "./csv.ts";

const records = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`${parsed.line}:${parsed.column} ${parsed.message}`);
  return parsed.records;
};

describe("parseCsv", () => {
  it("splits records on CRLF or LF and fields on commas, keeping each record's line", () => {
    expect(records("a,b\r\nc,d\ne,f")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
      { line: 3, fields: ["e", "f"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks, and counts the lines they span", () => {
    expect(records('slug,description\r\n"a","one, ""two""\r\nthree"\r\nb,x\r\n')).toEqual([
      { line: 1, fields: ["slug", "description"] },
      { line: 2, fields: ["a", 'one, "two"\r\nthree'] },
      { line: 4, fields: ["b", "x"] },
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(records("a,,c,\n")).toEqual([{ line: 1, fields: ["a", "", "c", ""] }]);
  });

  it("skips blank lines but still counts them", () => {
    expect(records("a\n\nb\n")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 3, fields: ["b"] },
    ]);
  });

  it("ignores a spreadsheet's byte-order mark", () => {
    expect(records("\uFEFFslug\nx")[0]?.fields).toEqual(["slug"]);
  });

  it("refuses a quote left open, naming where it opened", () => {
    expect(parseCsv('a,b\nc,"open\nmore')).toEqual({ ok: false, line: 2, column: 2, message: "a quoted field is never closed" });
  });

  it("refuses text after a closing quote, and a bare quote inside an unquoted field", () => {
    expect(parseCsv('"a"b,c')).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(parseCsv('a,b"c')).toMatchObject({ ok: false, line: 1, column: 2 });
  });
});

describe("serializeCsv", () => {
  it("quotes only fields that need it, doubling quotes, and ends every record with CRLF", () => {
    expect(serializeCsv([["plain", "a,b", 'say "hi"', "two\nlines", ""]])).toBe('plain,"a,b","say ""hi""","two\nlines",\r\n');
  });

  it("round-trips anything through parseCsv", () => {
    const rows = [
      ["slug", "title", "description"],
      ["tee", "Tee, blue", 'He said "soft"\r\nand warm'],
      ["mug", "", " spaced "],
    ];
    expect(records(serializeCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});

describe("cells a spreadsheet would run as formulas", () => {
  it("are written after an apostrophe, so a spreadsheet shows them as text", () => {
    expect(serializeCsv([["=HYPERLINK(\"http://evil.test\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"]])).toBe(
      '"\'=HYPERLINK(""http://evil.test"")",\'+1+1,\'-2+3,\'@SUM(A1),\'\tx\r\n',
    );
  });

  it("leave plain numbers and ordinary text alone", () => {
    expect(serializeCsv([["-5", "+12", "3.50", "tee", "it's", "a=b"]])).toBe("-5,+12,3.50,tee,it's,a=b\r\n");
  });

  it("come back exactly as they were, apostrophes of the value included", () => {
    const row = ["=1+1", "'=1+1", "''@x", "'plain", "-5", "-x", "\rcarriage"];
    expect(records(serializeCsv([row]))[0]?.fields).toEqual(row);
  });
});

import fc from "fast-check";

/**
 * Generators of hostile input for the bad-input suites (edge/test/bad-input.test.ts and
 * regional-services/shared/test/bad-input.test.ts). Every generator here yields only values the
 * field it is aimed at must refuse, so a case that is answered 2xx is a finding, not noise.
 * Pure fast-check: imported by the Worker tests and the Node tests alike.
 */

/** One seed per run, so a failure reproduces; override with BAD_INPUT_SEED to explore. */
const override = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.BAD_INPUT_SEED;
export const SEED = Number(override ?? 20_250_611);

/** Lone surrogates, control characters, bidi overrides, NUL: text that is not plain text. */
const tricky = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "x\uDBFFy",
  "\u202Egnp.exe",
  "\uFEFF",
  "\r\n",
  "\t",
  "\u001B[31m",
  "\u0085",
  "\u2028",
  "%00",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "ＡＢＣ＠例え.jp",
  "🛒".repeat(60),
);

const loneSurrogate = fc
  .tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 4 }))
  .map(([a, s, b]) => `${a}${String.fromCharCode(s)}${b}`);

const controlText = fc
  .array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 6 })
  .map((codes) => `a${String.fromCharCode(...codes)}b`);

/** Longer than any text field the storefront accepts (the longest allows 254), below the 64 KB body limit. */
export const overlong = fc.integer({ min: 300, max: 3_000 }).chain((n) => fc.constantFrom("x", "é", "🛒", "\u0000").map((ch) => ch.repeat(n)));

/** Text a field should refuse or at least survive: unicode, control characters, lone surrogates, overlong. */
export const nastyString = fc.oneof(
  tricky,
  loneSurrogate,
  controlText,
  overlong,
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
);

/** Values of the wrong JSON type for a string or number field. */
export const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/**
 * JSON number tokens that are never a valid count: negative, fractional, beyond the limit,
 * overflowing to Infinity, or not JSON at all (NaN, Infinity, hex, leading zeros).
 */
export function badCountToken(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("-1", "-0.5", "0.5", "1.5", "1e999", "-1e999", "1e308", "9007199254740993", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", "1e", ".5", "1.", "--1"),
    fc.integer({ min: -2_000_000_000, max: -1 }).map(String),
    fc.integer({ min: max + 1, max: 2_000_000_000 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((n) => !Number.isInteger(n)).map(String),
  );
}

/** The same hostile counts spelled as a form or query string would carry them. */
export function badCountText(max: number): fc.Arbitrary<string> {
  return fc.oneof(badCountToken(max), fc.constantFrom("", " ", "abc", "1,5", "½", "٣", "1 2", "0b1"), nastyString);
}

/** A JSON token (the text of one value) a string field must refuse or a number field must refuse. */
export function badValueToken(count?: number): fc.Arbitrary<string> {
  const options = [wrongType.map((v) => JSON.stringify(v)), nastyString.map((s) => JSON.stringify(s))];
  if (count !== undefined) options.push(badCountToken(count), fc.integer({ min: 1, max: 5 }).map((n) => JSON.stringify(String(n))));
  return fc.oneof(...options);
}

/** Bodies that are not JSON documents at all (or not whole ones). */
export const malformedJson = fc.oneof(
  fc.constantFrom("", "{", "}", "[", '{"a":', "{'a':1}", "nul", "tru", '{"a":1,}', "[1,]", '"unterminated', '{"a":1}}', "\u0000", '{"a":"\\x00"}', '{"a":"\\u12"}', "{a:1}", "NaN"),
  fc.string({ maxLength: 30 }).map((s) => `{${s}`),
);

/** Content types a JSON route does not read as JSON (or that mislabel the body). */
export const wrongContentType = fc.constantFrom(
  undefined,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----x",
  "application/json; charset=utf-16",
  "application/xml",
  "",
);

/** A JSON object's text from ready-made value tokens; `undefined` leaves the field out. */
export function objectText(fields: Record<string, string | undefined>): string {
  const parts = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [`${JSON.stringify(k)}:${v}`]));
  return `{${parts.join(",")}}`;
}

/**
 * An object whose named fields are each either valid (`good`) or hostile, at least one hostile,
 * sometimes with an unknown field or the whole thing replaced by a wrong type.
 */
export function corruptObject(good: Record<string, string>, bad: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(bad);
  const fieldWise = fc
    .tuple(
      fc.subarray(names, { minLength: 1 }),
      fc.record(Object.fromEntries(names.map((n) => [n, fc.option(bad[n] ?? fc.constant("null"), { nil: undefined, freq: 4 })]))),
    )
    .map(([broken, values]) => {
      const fields: Record<string, string | undefined> = { ...good };
      for (const name of broken) fields[name] = values[name];
      return objectText(fields);
    });
  return fc.oneof({ weight: 6, arbitrary: fieldWise }, { weight: 1, arbitrary: wrongType.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: malformedJson });
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is sent as the three bytes
 * WTF-8 would give it: invalid UTF-8, which is exactly what a hostile client can put on the wire.
 */
export function encodeLoose(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0xd800 || cp > 0xdfff) out += encodeURIComponent(ch);
    else out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  }
  return out;
}

/** Text for a path segment: hostile, percent-encoded so it reaches the route ("." and ".." would be normalised away). */
export const badPathSegment = fc
  .oneof(nastyString, fc.constantFrom("%", "%zz", "null", "undefined", "0", "-1", "ord_", "ord_!!!!!!!!"))
  .filter((s) => s !== "" && s !== "." && s !== "..")
  .map((s) => encodeLoose(s));

/** Form fields as name/value pairs (a name may repeat), URL-encoded. */
export function formText(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v)}`).join("&");
}

/** Raw form bodies the parser must refuse or read as nothing useful. */
export const malformedForm = fc.constantFrom("%zz=1", "a=%E0%A4%A", "=", "&&&", "a=%FF%FE", "%00=%00", "variantId=%C0%AF");

/** Garbage where the session cookie goes: never a session, never a 5xx. */
export const garbledCookie = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => encodeLoose(s)),
  fc.constantFrom("", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.", "eyJ.eyJ.sig", "%", '"quoted"', "a".repeat(5000)),
  fc.tuple(fc.base64String({ maxLength: 30 }), fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 40 })).map((parts) => parts.join(".")),
);

/** Idempotency-Keys the services refuse: empty, too long, with spaces or non-ASCII. */
export const badIdempotencyKey = fc.oneof(
  fc.constantFrom(" ", "a b", "k\u007f", "\u00e9t\u00e9", "\u00ff", "x".repeat(256), "x".repeat(4000)),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 }).map((s) => `${s} ${s}`),
);

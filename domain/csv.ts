/**
 * RFC 4180 CSV, read and written, with no dependencies. Fields are separated by commas and
 * records by CRLF (a bare LF is accepted on the way in); a field holding a comma, a quote, CR or
 * LF is quoted, with each quote doubled. Every record keeps the line it started on, because a
 * quoted field may span lines and an import must name the line a problem is on as an editor
 * shows it. Cells a spreadsheet would run as formulas are written guarded (see guardFormula).
 */

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; column: number; message: string };

/** Reads `text` into records; a blank line is skipped, a quote left open is an error. */
export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  // A byte-order mark from a spreadsheet's "CSV UTF-8" export is not part of the first header.
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (src[i] === '"') {
        const opened = { line, column: fields.length + 1 };
        i++;
        for (;;) {
          if (i >= src.length) return { ok: false, ...opened, message: "a quoted field is never closed" };
          const ch = src[i] as string;
          if (ch === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
        if (i < src.length && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") {
          return { ok: false, line, column: fields.length + 1, message: "a quoted field must end at a comma or the end of the line" };
        }
      } else {
        while (i < src.length && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") {
          if (src[i] === '"') return { ok: false, line, column: fields.length + 1, message: 'a field with a quote (") in it must be quoted, with the quote doubled' };
          field += src[i];
          i++;
        }
      }
      fields.push(field);
      if (src[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === "\r") i++;
    if (src[i] === "\n") i++;
    line++;
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields: fields.map(unguardFormula) });
  }
  return { ok: true, records };
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A spreadsheet opening the file runs a cell that starts with =, +, -, @, a tab or CR as a formula
 * (CSV injection: a product title could fetch or leak data on the merchant's machine). Such a cell
 * is written after an apostrophe, which spreadsheets show as text; plain numbers ("-5") are left
 * alone. Reading takes one apostrophe off such a cell again, and a value that itself starts with
 * apostrophes before a formula character gets one more on the way out, so every value comes back
 * exactly as it was written.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function guardFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

/** One field as it is written: guarded against formulas, and quoted only when it has to be. */
export function csvField(value: string): string {
  const safe = guardFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Records joined with CRLF, the file ending with one. */
export function serializeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

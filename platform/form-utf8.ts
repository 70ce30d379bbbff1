/**
 * Whether a form body's text is well-formed UTF-8. The runtime's form parser replaces a malformed
 * sequence (a lone surrogate sent as `%ED%A0%80`, say) with U+FFFD without a word, so text the
 * shopper never typed would pass every schema and be stored. A browser always sends valid UTF-8:
 * a body that is not is refused instead of repaired.
 */
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

const hexValue = (byte: number | undefined): number => {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
};

/** The bytes an urlencoded body stands for: each `%XX` decoded, anything else as it is. */
function percentDecoded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const hi = bytes[i] === 0x25 ? hexValue(bytes[i + 1]) : -1;
    const lo = hi >= 0 ? hexValue(bytes[i + 2]) : -1;
    if (lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = bytes[i] ?? 0;
    }
  }
  return out.subarray(0, n);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when every field of the form body (urlencoded or multipart) decodes as UTF-8 exactly. */
export function isWellFormedFormBody(contentType: string | undefined, body: ArrayBuffer): boolean {
  const bytes = new Uint8Array(body);
  if ((contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return isUtf8(percentDecoded(bytes));
  // Multipart: the forms here carry no files, so the whole body is text.
  return isUtf8(bytes);
}

import type { Icon } from "./vocabulary.ts";

/**
 * Product pictures for the demo catalog: a small inline SVG as a data URI, tinted with the
 * product's colour, so pages are self-contained and no image host is needed.
 */
const ICON_PATHS: Record<Icon, string> = {
  tee: "M150 110l-60 35 25 45 25-12v122h120V178l25 12 25-45-60-35c-8 18-27 28-50 28s-42-10-50-28z",
  mug: "M120 140h130v130a20 20 0 0 1-20 20H140a20 20 0 0 1-20-20zM250 165h20a30 30 0 0 1 0 60h-20v-18h18a12 12 0 0 0 0-24h-18z",
  bag: "M110 170h180l-15 130H125zM160 170v-20a40 40 0 0 1 80 0v20h-16v-20a24 24 0 0 0-48 0v20z",
  book: "M130 110h140v180H130zM145 110v180M165 150h85M165 175h85",
};

/** Readable text on a light or a dark tint. */
function inkFor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const luminance = ((n >> 16) & 255) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114;
  return luminance > 150_000 ? "#1f2933" : "#ffffff";
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&apos;");
}

/** A data URI of a tinted square with the category's icon and the product's name. */
export function placeholderImage(label: string, hex: string, icon: Icon): string {
  const ink = inkFor(hex);
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 400'>` +
    `<rect width='400' height='400' fill='${hex}'/>` +
    `<path d='${ICON_PATHS[icon]}' fill='none' stroke='${ink}' stroke-width='8' stroke-linejoin='round' opacity='.85'/>` +
    `<text x='200' y='350' font-family='system-ui,sans-serif' font-size='26' text-anchor='middle' fill='${ink}'>${escapeXml(label)}</text>` +
    `</svg>`;
  // Only the characters that break a URL are escaped; the rest stays readable and short.
  return `data:image/svg+xml,${svg.replace(/[%#<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

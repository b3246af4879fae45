// m13, S-14.2: an answer that points to published information links to it.
// An official's text is split into plain text and http(s) addresses; the
// status page renders the segments (Astro escapes each), the HTML letter
// renders linkedHtml. Nothing in the text ever becomes markup: only an
// address that parses as http or https becomes a link, and its text and
// href are escaped like any other text.

export type Segment = { text: string; href?: undefined } | { text: string; href: string };

// An address starts with http:// or https:// after a non-word character and
// runs to the next space, quote or angle bracket.
const ADDRESS = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence is not part of the address before it.
const TRAILING = /[.,;:!?]+$/;

/** The address as a link target, or undefined when it does not parse as http(s). */
function linkTarget(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** Strips what follows an address but belongs to the sentence: "(see https://x.lv)." */
function trimAddress(address: string): string {
  let a = address.replace(TRAILING, '');
  // A closing bracket with no opening one inside the address closes the sentence's bracket.
  while (a.endsWith(')') && (a.match(/\(/g)?.length ?? 0) < (a.match(/\)/g)?.length ?? 0)) a = a.slice(0, -1).replace(TRAILING, '');
  return a;
}

/** The text as plain segments and link segments, in order; joined, their texts are the text unchanged. */
export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const address = trimAddress(match[0]);
    const href = linkTarget(address);
    if (!href) continue;
    const start = match.index;
    if (start > at) segments.push({ text: text.slice(at, start) });
    segments.push({ text: address, href });
    at = start + address.length;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

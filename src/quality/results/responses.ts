// What the open data endpoints share (issue 17).

/** A year from the address: four digits, or null (a 404). */
export function yearParam(value: string | undefined): number | null {
  return /^\d{4}$/.test(value ?? '') ? Number(value) : null;
}

/**
 * Open data may be read by anyone and from any site (an open data portal's
 * harvester, a journalist's script): shown inline with its file name, kept a
 * few minutes by caches, and readable across origins.
 */
export function openDataHeaders(contentType: string, fileName: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `inline; filename="${fileName}"`,
    'Cache-Control': 'public, max-age=300',
    'Access-Control-Allow-Origin': '*',
  };
}

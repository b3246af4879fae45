import type { Page } from 'playwright-core';

// Two faults axe misses (ux.md D1, D2): an id used twice, and a visible
// control with no name a screen reader can read. Fields in closed <details>
// are out of axe's sight, so every <details> is opened first.

/** Opens every <details> on the page, then lists duplicate ids and the visible controls nobody can name. */
export async function fieldFaults(page: Page): Promise<{ duplicateIds: string[]; nameless: string[] }> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const counts = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
    const duplicateIds = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const nameless: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (el.type === 'hidden' || el.getClientRects().length === 0) continue;
      const labelled = [...(el.labels ?? [])].some((l) => l.textContent!.trim() !== '');
      const aria = (el.getAttribute('aria-label') ?? '').trim() !== '' || el.hasAttribute('aria-labelledby');
      if (!labelled && !aria) nameless.push(`${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]#${el.id}`);
    }
    return { duplicateIds, nameless };
  });
}

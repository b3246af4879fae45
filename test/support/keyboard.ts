import type { Page, Response } from 'playwright-core';

// Filling forms the way a keyboard user does: Tab to a control, type, Space
// for a checkbox, arrow keys within a radio group, Enter to submit. No
// clicks and no programmatic filling.

async function activeMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/** Presses Tab until the control matching `selector` has focus (from wherever focus is). */
export async function tabTo(page: Page, selector: string, maxPresses = 200): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await activeMatches(page, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, `#${id}`);
  await page.keyboard.type(text);
}

/** Tabs into a radio group and moves with the arrow keys to `value`. */
export async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, `input[type=radio][name="${name}"]`);
  const count = await page.locator(`input[type=radio][name="${name}"]`).count();
  for (let i = 0; i <= count; i++) {
    const current = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    if (current === value) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no radio ${name}=${value}`);
}

export async function tick(page: Page, id: string): Promise<void> {
  await tabTo(page, `#${id}`);
  await page.keyboard.press('Space');
}

/** Tabs to the form's submit button and presses Enter; returns the final response. */
export async function submitWithEnter(page: Page, buttonSelector = 'main form button[type=submit]'): Promise<Response | null> {
  await tabTo(page, buttonSelector);
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return response;
}

import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Demo password of every seeded user (docs/demo-data.md). */
export const DEMO_PASSWORD = 'dte-demo-2025';

/**
 * Launches headless Chromium. playwright's `launch` gives every browser a fresh temporary
 * user-data-dir (removed on close), so no profile state leaks between runs.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context (own cookies) on the web app. */
export async function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  return browser.newContext({ baseURL: inject('webUrl'), viewport });
}

/** Saves a full-page screenshot under test-artifacts/web-e2e/. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(inject('artifacts'), `${name}.png`), fullPage: true });
}

/** Signs in through the login form and waits for the fund pages. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL(/\/(f\/[^/]+|funds)$/),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** The page's main heading text. */
export async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '';
}

/** Fails on a page-level error (Next.js error boundary or a thrown exception in the browser). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export { expect };

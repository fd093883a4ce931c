import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, shot } from './browser.ts';
import { type Child, freePort, NEXT, startChild, stopChild, WEB_DIR, waitFor } from './stack.ts';

/**
 * The same production build served by a second `next start` whose API_URL points at a port nothing
 * listens on: every page must say that the API is unavailable, never crash.
 */
let browser: Browser;
let web: Child;
let url: string;

beforeAll(async () => {
  const [deadApi, port] = [await freePort(), await freePort()];
  web = startChild('web (api down)', NEXT, ['start', '-p', String(port), '-H', '127.0.0.1'], WEB_DIR, {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    API_URL: `http://127.0.0.1:${deadApi}/graphql`,
  });
  url = `http://127.0.0.1:${port}`;
  await waitFor('the web app (api down)', async () => (await fetch(`${url}/login`)).ok, web);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (web) await stopChild(web);
});

describe('web app with the api down', () => {
  it('shows a clear message on the home page, at login and on fund pages', async () => {
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    expect(await page.getByTestId('platform-status').getAttribute('data-status')).toBe('down');
    expect(await page.getByTestId('platform-status').textContent()).toMatch(/refused the connection/);
    await page.goto('/login');
    await page.getByLabel('Email').fill('ana.analyst@aurora.example');
    await page.getByLabel('Password').fill('dte-demo-2025');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toMatch(/The API is unavailable/);
    await shot(page, '18-api-down-login');
    // A browser that still holds a session cookie from before the outage.
    await context.addCookies([{ name: 'dte_web_session', value: 'dts_stale', url }]);
    for (const path of ['/f/aurora', '/f/aurora/var', '/funds']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(await page.getByTestId('api-error').getAttribute('data-kind'), path).toBe('unavailable');
    }
    await shot(page, '19-api-down-fund-page');
    expect(errors).toEqual([]);
    await context.close();
    expect(inject('webUrl')).not.toBe(url);
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedbackStore } from '../../adapters/store/feedback-store.js';
import type { FeedbackStore } from '../../src/feedback/port.js';
import { hashUserId } from '../../src/feedback/user-hash.js';
import { silentLogger } from '../../src/logger.js';
import { startTestApp } from '../helpers/app.js';
import { cli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true')
  throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
if (!available) console.warn(`SKIPPED browser tests: ${CHROMIUM} not installed (apt-get install chromium)`);

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let dataDir: string;
let store: FeedbackStore;

beforeAll(async () => {
  if (!available) return;
  dataDir = await mkdtemp(join(tmpdir(), 'm2m-web-'));
  // The real embedded store (SQLite), so the vote can be checked through `feedback report`.
  store = await createFeedbackStore({ dataDir, feedbackSalt: 'browser-test' }, silentLogger);
  app = await startTestApp({}, undefined, store);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!available)('the web page in a real browser', () => {
  it('GIVEN a typed song THEN keyboard-only: pick a suggestion, see five cards, toggle details, vote', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('Failed to load resource')) errors.push(m.text());
    });
    await page.goto(app.url);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.locator('#q').focus();
    await page.keyboard.type('days i', { delay: 20 });
    await page.locator('#suggestions [role=option]', { hasText: 'Days I Will Remember' }).waitFor();
    // (The page's CSP forbids eval, so poll from the test side rather than with waitForFunction.)
    await expect.poll(() => page.locator('#suggestions [role=option]').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.card').nth(4).waitFor();
    expect(await page.locator('.card').count()).toBe(5);
    expect(await page.locator('#song h2').textContent()).toBe('Days I Will Remember — Tyrone Wells');
    expect(await page.locator('.card .overview').first().isVisible()).toBe(false);
    await page.locator('#details').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('.card .overview').first().isVisible()).toBe(true);
    const firstTitle = await page.locator('.card h3').first().textContent();
    await page.locator('.card .votes button').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'vote saved' }).waitFor();
    await store.flush(5000);
    const report = await cli(['feedback', 'report', '--json'], {
      DATA_DIR: dataDir,
      FEEDBACK_SALT: 'browser-test',
      INDEX_DIR: join(dataDir, 'no-index'),
    });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.out)).toMatchObject({ votes: 1, up: 1, down: 0 });
    const [vote] = await store.listVotes();
    expect(vote).toMatchObject({ platform: 'web', value: 'up' });
    // The vote belongs to the server-issued cookie, which page scripts cannot read or change.
    const voter = (await page.context().cookies()).find((c) => c.name === 'm2m_voter');
    expect(voter).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(vote?.userHash).toBe(hashUserId('browser-test', 'web', `c:${voter?.value.split('.')[0]}`));
    expect(app.engine.catalog.movies.all().find((m) => m.id === vote?.tmdbId)?.title).toBe(
      firstTitle?.replace(/ \(\d{4}\)$/, ''),
    );
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-page.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('GIVEN hostile titles THEN they render as text, never as markup', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.locator('#tab-movie').click();
    await page.locator('#movie-q').fill('<img src=x onerror=alert(1)>');
    await page.keyboard.press('Enter');
    await page.locator('#status .error').waitFor();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.locator('#status').textContent()).toContain('No film called');
  });

  it('GIVEN songs-for a movie THEN song cards appear', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.locator('#tab-movie').click();
    await page.locator('#movie-q').fill('Blood Harvest');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().waitFor();
    expect(await page.locator('.card h3').first().textContent()).toBe('Grind Your Bones');
  });
});

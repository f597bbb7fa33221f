/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser download), with the
 * flags proven on this machine kind and a fresh profile per launch. Helpers record every request
 * (to prove nothing leaves the platform's origin), collect page errors (CSP violations land
 * there) and save screenshots under test-artifacts/.
 *
 * @example
 * const chromium = findChromium();
 * it.skipIf(!chromium)('…', async () => { const b = await launchBrowser(); … await b.close(); });
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { removeTempDir } from './temp-dir.ts';

/** Where Chromium is looked for: `CHROMIUM_PATH`, then Debian's and Ubuntu's places. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The flags: headless on a machine with no GPU, no sandbox (root in CI), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots and other artifacts of browser tests (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** The Chromium binary, or null when none is installed (browser tests then skip, saying why). */
export function findChromium(): string | null {
  const env = process.env.CHROMIUM_PATH;
  for (const p of env ? [env, ...CHROMIUM_CANDIDATES] : CHROMIUM_CANDIDATES) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return null;
}

/** Why browser tests are skipped, for the test report. */
export const NO_CHROMIUM_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM_CANDIDATES.join(' or ')} (install it: apt-get install -y chromium, or set CHROMIUM_PATH)`;

/** A launched browser with its own throw-away profile. */
export interface TestBrowser {
  context: BrowserContext;
  /** The first page (a persistent context opens one). */
  page: Page;
  /** Every URL the browser requested, in order. */
  requests: string[];
  /** Uncaught page errors and console errors (CSP violations are console errors). */
  errors: string[];
  /** Requests that went anywhere but `origin` (data: and blob: URLs are made in the page, not fetched). */
  foreignRequests(origin: string): string[];
  /** Saves a full-page PNG as test-artifacts/<name>.png; returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  /** Phone-like: touch and a mobile user agent viewport. */
  isMobile?: boolean;
}

/** Launches Chromium headless with a fresh profile directory. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM_MESSAGE);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'zh-CN',
    ...(options.isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const watch = (p: Page) => {
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    requests,
    errors,
    foreignRequests(origin) {
      return requests.filter((u) => !u.startsWith(`${origin}/`) && u !== origin && !u.startsWith('data:') && !u.startsWith('blob:'));
    },
    async screenshot(name, p = page) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await p.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      removeTempDir(profileDir);
    },
  };
}

/**
 * Runs a browser walk-through; if it fails, saves a screenshot and logs where the page was and
 * what errors it saw (for the CI log and the artifacts), then fails.
 * @example await walkOrShoot(browser, 'screen', walkThrough);
 */
export async function walkOrShoot(browser: TestBrowser, name: string, walk: () => Promise<void>): Promise<void> {
  try {
    await walk();
  } catch (e) {
    const file = await browser.screenshot(`${name}-failure`).catch(() => 'no screenshot');
    console.error(`${name} browser test failed at ${browser.page.url()}; screenshot ${file}; page errors: ${browser.errors.join(' | ')}`);
    throw e;
  }
}

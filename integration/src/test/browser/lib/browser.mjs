// Helpers for the console's browser tests: Playwright (playwright-core, which downloads no browser) driving Debian's
// Chromium (/usr/bin/chromium), axe-core for accessibility, full-page screenshots and progress lines.
//
// A test script (run by io.dockyard.it.support.Browser with this folder as working directory):
//
//   import { open, audit, shot, step } from './lib/browser.mjs';
//   const { page, close } = await open();          // fresh browser, one context (1280x800), one page
//   try {
//     step('console home');
//     await page.goto(process.env.CONSOLE_URL);
//     await audit(page, 'home');                    // throws on serious/critical axe violations
//     await shot(page, 'home');                     // $SCREENSHOT_DIR/home.png
//   } finally {
//     await close();                                // closes the browser (and its temp profile)
//   }
//
// An uncaught error ends node with a non-zero exit code; Playwright kills the browser when node exits.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const started = performance.now();
const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

// Root can't use Chromium's sandbox; the network flags stop Chromium's own background traffic (update checks,
// sync, field trials), which on a closed network is a flood of refused connections.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Prints a progress line `console-test: <elapsed ms> <text>` (elapsed since this module loaded). */
export function step(text) {
  console.log(`console-test: ${Math.round(performance.now() - started)} ${text}`);
}

/**
 * Launches /usr/bin/chromium headless and returns the Playwright Browser. Playwright's launch() starts Chromium with
 * a fresh empty temporary --user-data-dir of its own (it refuses one in args) and deletes it on browser.close().
 */
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
}

/**
 * launch() plus a context (viewport 1280x800, bypassCSP so that audit() can inject axe-core under the console's
 * Content-Security-Policy) and a page. Page errors and console errors are printed to stderr.
 * Returns { browser, context, page, close }; close() closes the browser.
 */
export async function open(contextOptions = {}) {
  const browser = await launch();
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, ...contextOptions });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.error(`page console.error: ${m.text()}`); });
  return { browser, context, page, close: () => browser.close() };
}

const AXE = require.resolve('axe-core/axe.min.js');
const SERIOUS = new Set(['serious', 'critical']);

const describe = (v) =>
  `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}` +
  `${v.nodes.length > 3 ? `, +${v.nodes.length - 3} more` : ''})`;

/**
 * Runs axe-core on the page's document. Throws an Error listing the serious and critical violations (id, help,
 * first 3 targets); prints minor and moderate ones as warning lines. Returns all violations.
 */
export async function audit(page, name) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    try {
      await page.addScriptTag({ path: AXE });
    } catch (e) {
      // a Content-Security-Policy without bypassCSP blocks the inline script tag: evaluate the source instead
      await page.evaluate(await readFile(AXE, 'utf8'));
    }
  }
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of violations.filter((v) => !SERIOUS.has(v.impact))) console.warn(`axe warning (${name}): ${describe(v)}`);
  const serious = violations.filter((v) => SERIOUS.has(v.impact));
  if (serious.length > 0) {
    throw new Error(`axe (${name}): ${serious.length} serious or critical violation(s):\n` +
      serious.map((v) => `  ${describe(v)}`).join('\n'));
  }
  return violations;
}

/** Saves a full-page PNG to ${SCREENSHOT_DIR || 'target/console-screenshots'}/<name>.png; returns its path. */
export async function shot(page, name) {
  const dir = process.env.SCREENSHOT_DIR || 'target/console-screenshots';
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The built site in a browser, for the browser tests (tests/site/) and the README's screenshots
 * (scripts/readme_screenshots.ts): serves site/dist on 127.0.0.1 (a free port), drives an
 * installed Chrome or Chromium (found by find_chrome.ts; CHROMIUM_PATH overrides) through
 * playwright-core, and presses and watches the demos by their data attributes.
 */
import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { findChrome } from "./find_chrome.ts";
import { serve } from "./serve.ts";
import { DIST, requireBuiltSite } from "./site_dist.ts";

export interface Site {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Expose WebGPU (through SwiftShader in headless Chromium); default true. */
  webgpu?: boolean;
  /** The built site to serve (default site/dist). */
  root?: string;
  /** Serve it under this URL prefix (a site built with SITE_BASE); Site.base then ends in it. */
  urlBase?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /**
   * Serve with the cross-origin isolation headers (default true); false emulates a static host
   * such as GitHub Pages, where only the offline service worker can isolate the pages.
   */
  isolation?: boolean;
  /**
   * Let pages register the offline service worker (default false). Registered, it stores the
   * whole course (≈ 25 MB) in every new browser context, in the background, at the same time as
   * the page under test: the tests of the offline copy, isolation, search and the base path ask
   * for it; the others measure and check the pages without it (registering then fails quietly,
   * as on a browser without service workers).
   */
  serviceWorkers?: boolean;
}

export async function openSite(options: LaunchOptions = {}): Promise<Site> {
  if (!options.root) await requireBuiltSite();
  // Before serving: a missing browser fails with the places tried, and leaves no server behind.
  const executable = findChrome();
  const urlBase = options.urlBase ?? "/";
  const { server, port } = serve({
    root: options.root ?? DIST,
    port: 0,
    base: urlBase,
    isolation: options.isolation,
  });
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ];
  if (options.webgpu ?? true) args.push("--enable-unsafe-webgpu", "--enable-features=Vulkan");
  else args.push("--disable-webgpu", "--disable-features=WebGPU,Vulkan");
  args.push(...(options.args ?? []));
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: executable, args, headless: true });
  } catch (error) {
    await server.shutdown();
    throw new Error(
      `cannot start ${executable}: ${(error as Error).message}. Fix: reinstall that browser, ` +
        "or set CHROMIUM_PATH to another Chrome or Chromium.",
    );
  }
  if (!options.serviceWorkers) blockServiceWorkers(browser);
  return {
    base: `http://127.0.0.1:${port}${urlBase.replace(/\/$/, "")}`,
    browser,
    async close() {
      await browser.close();
      await server.shutdown();
    },
  };
}

/** Every context the browser makes from now on blocks service workers, unless asked otherwise. */
function blockServiceWorkers(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: "block", ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: "block", ...options });
}

/** A demo frame's data attributes (its dataset), as the page had them. */
export type DemoData = Record<string, string | undefined>;

export interface WaitDemoOptions {
  /** How often to test the condition, in ms (default 50). */
  polling?: number;
  /**
   * Press the demo's Pause in the page the moment the condition holds: a training loop on the
   * cpu backend keeps the main thread so busy that a later click or read could wait many steps.
   */
  pause?: boolean;
}

/**
 * Waits until the dataset of the demo `kind` satisfies `until` (JS over `d`), or the demo fails
 * (asserted, with its notes); returns the dataset read at that moment.
 */
export async function waitDemo(
  page: Page,
  kind: string,
  until: string,
  timeout: number,
  options: WaitDemoOptions = {},
): Promise<DemoData> {
  // Polled from here, one page.evaluate at a time: Playwright's waitForFunction compiles the
  // condition inside the page at each poll (eval, new Function), which the site's
  // Content-Security-Policy refuses; an evaluate sent over DevTools is not string evaluation.
  const demo = JSON.stringify(`[data-demo="${kind}"]`);
  const pause = options.pause ? `el.querySelector('[data-action="pause"]')?.click();` : "";
  const expression = `(() => {
    const el = document.querySelector(${demo});
    if (!el) return false; // not parsed yet (a page still loading)
    const d = el.dataset;
    if (!(d.state === "error" || (${until}))) return false;
    ${pause}
    return { data: { ...el.dataset }, notes: el.querySelector('[data-role="notes"]')?.textContent ?? "" };
  })()`;
  const deadline = Date.now() + timeout;
  let found: { data: DemoData; notes: string } | false;
  // A navigation (the offline worker's one reload) replaces the page under a poll: poll again.
  const poll = () =>
    page.evaluate(expression).catch((error: Error) => {
      if (/context was destroyed|navigat/i.test(error.message)) return false;
      throw error;
    }) as Promise<typeof found>;
  while (!(found = await poll())) {
    if (Date.now() > deadline) {
      throw new Error(`${kind}: "${until}" did not hold within ${timeout} ms`);
    }
    await new Promise((r) => setTimeout(r, options.polling ?? 50));
  }
  const { data, notes } = found;
  assert.notEqual(data.state, "error", `${kind} failed: ${notes}`);
  return data;
}

/** Scrolls to the demo `kind` and clicks its `action` button. */
export async function pressDemo(page: Page, kind: string, action: string): Promise<void> {
  const root = page.locator(`[data-demo="${kind}"]`);
  await root.scrollIntoViewIfNeeded({ timeout: 90_000 });
  await root.locator(`[data-action="${action}"]`).click();
}

/** Presses a demo button with a DOM click (no waiting for layout to settle on a busy machine). */
export async function clickDemo(page: Page, kind: string, action: string): Promise<void> {
  await page.locator(`[data-demo="${kind}"] [data-action="${action}"]`).evaluate((b) =>
    (b as HTMLButtonElement).click()
  );
}

/** Presses the demo's `action` button (`domClick`: as `clickDemo`), then waits as `waitDemo`. */
export async function runDemo(
  page: Page,
  kind: string,
  action: string,
  until: string,
  timeout: number,
  options: WaitDemoOptions & { domClick?: boolean } = {},
): Promise<DemoData> {
  if (options.domClick) await clickDemo(page, kind, action);
  else await pressDemo(page, kind, action);
  return await waitDemo(page, kind, until, timeout, options);
}

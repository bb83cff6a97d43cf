/**
 * Shared by the browser tests: serves the built site on 127.0.0.1 (a free port) and drives
 * Debian's Chromium through playwright-core. One browser per test file; close it in the last step.
 */
import { type Browser, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { serve } from "../../scripts/serve.ts";

export const DIST = Deno.env.get("SITE_DIST") ??
  new URL("../../site/dist/", import.meta.url).pathname;
export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
export const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;

/** Fails with the fix when the site has not been built. */
export async function requireBuiltSite(): Promise<void> {
  const index = await Deno.stat(`${DIST}index.html`).catch(() => undefined);
  if (!index) {
    throw new Error(
      `${DIST}index.html is missing. Fix: run \`deno task build\` (deno task test does).`,
    );
  }
}

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
}

export async function openSite(options: LaunchOptions = {}): Promise<Site> {
  await requireBuiltSite();
  const urlBase = options.urlBase ?? "/";
  const { server, port } = serve({ root: options.root ?? DIST, port: 0, base: urlBase });
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args, headless: true });
  } catch (error) {
    await server.shutdown();
    throw new Error(
      `cannot start ${CHROMIUM}: ${(error as Error).message}. Fix: apt-get install chromium ` +
        "(or set CHROMIUM_PATH).",
    );
  }
  return {
    base: `http://127.0.0.1:${port}${urlBase.replace(/\/$/, "")}`,
    browser,
    async close() {
      await browser.close();
      await server.shutdown();
    },
  };
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e: Error) => errors.push(`uncaught: ${e.message}`));
  page.on(
    "requestfailed",
    (r) => {
      // A navigation cancels the old page's pending loads (e.g. its favicon): not an error.
      const reason = r.failure()?.errorText ?? "";
      if (reason !== "net::ERR_ABORTED") errors.push(`request failed: ${r.url()} (${reason})`);
    },
  );
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/** The built lecture pages, from site/dist/lectures/. */
export function lecturePaths(): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${DIST}lectures`)) {
    if (e.isDirectory) out.push(`/lectures/${e.name}/`);
  }
  return out.sort();
}

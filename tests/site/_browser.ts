/**
 * Shared by the browser tests: the lecture-test scaffold (lectureSuite) and checks on top of
 * scripts/site_browser.ts, which serves the built site and drives an installed Chrome or Chromium
 * (scripts/find_chrome.ts; CHROMIUM_PATH overrides). One browser per test file; close it in the
 * last step.
 */
import assert from "node:assert/strict";
import type { ConsoleMessage, Page } from "playwright-core";
import { DIST } from "../../scripts/site_dist.ts";
import {
  type DemoData,
  openSite,
  runDemo,
  type Site,
  type WaitDemoOptions,
} from "../../scripts/site_browser.ts";
import type { Manifest } from "../../lib/io/manifest.ts";

// Serving the site and driving its demos live in scripts/site_browser.ts (the README's screenshots
// use them too); re-exported for the tests.
export * from "../../scripts/site_browser.ts";
export { DIST, requireBuiltSite } from "../../scripts/site_dist.ts";
export const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;

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

/**
 * Waits until the offline service worker has cached the site (asserted), then reloads the page so
 * that the worker answers it (the first visit's page is not controlled yet).
 */
export async function waitForOfflineCache(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      ["ready", "unavailable", "unsupported"].includes(
        document.documentElement.dataset.offline ?? "",
      ),
    undefined,
    { timeout: 60_000 },
  );
  const state = await page.evaluate(() => document.documentElement.dataset.offline);
  assert.equal(state, "ready", `the service worker did not install (state ${state})`);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The built lecture pages, from site/dist/lectures/. */
export function lecturePaths(): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${DIST}lectures`)) {
    if (e.isDirectory) out.push(`/lectures/${e.name}/`);
  }
  return out.sort();
}

export interface TrainDemoOptions {
  /** The lecture page, e.g. "/lectures/03-vae-primer/". */
  path: string;
  /** The demo's data-demo. */
  kind: string;
  steps: number;
  timeout: number;
  /** Pause in the page once trained (else closing the page ends the training loop). */
  pause?: boolean;
  /** Before Start is pressed (e.g. choose a batch size). */
  setup?: (page: Page) => Promise<unknown>;
  /** More checks once trained. */
  check?: (page: Page, data: DemoData) => Promise<void>;
}

/**
 * Trains a demo for `steps` steps on a backend forced with ?backend=, on a new page: asserts it
 * ran on that backend without a console error; returns the first `steps` losses.
 */
export async function trainDemo(
  site: Site,
  backend: string,
  options: TrainDemoOptions,
): Promise<number[]> {
  const { kind, steps } = options;
  const page = await site.browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${options.path}?backend=${backend}`);
    await options.setup?.(page);
    const started = Date.now();
    const data = await runDemo(
      page,
      kind,
      "start",
      `Number(d.step ?? 0) >= ${steps}`,
      options.timeout,
      { pause: options.pause },
    );
    console.log(
      `  ${backend}: ${steps} steps (with data loading) in ${Date.now() - started} ms, ` +
        `losses ${data.losses}`,
    );
    assert.equal(data.backend, backend, `the demo ran on ${data.backend}, not ${backend}`);
    await options.check?.(page, data);
    assert.deepEqual(errors, []);
    return (JSON.parse(data.losses!) as number[]).slice(0, steps);
  } finally {
    await page.close();
  }
}

/** Asserts that webgl's and webgpu's numbers match cpu's, step by step, within `tolerance`. */
export function assertBackendsAgree(
  runs: Record<string, number[]>,
  tolerance: number,
  what = "",
): void {
  assert.ok(runs.cpu, "no cpu run to compare with");
  for (const backend of ["webgl", "webgpu"]) {
    assert.ok(runs[backend], `no ${backend} run`);
    runs[backend].forEach((l, i) => {
      const ref = runs.cpu[i];
      assert.ok(
        Math.abs(l - ref) / Math.abs(ref) < tolerance,
        `${backend}${what} step ${i}: ${l} vs cpu ${ref}`,
      );
    });
  }
}

/**
 * The test steps of every training demo: `steps` steps on cpu, webgl and webgpu (`name`: the
 * step's name before " on <backend>"), each run's `what` finite and decreasing, then the three
 * backends agreeing within `tolerance`.
 */
export async function trainOnThreeBackends(
  t: Deno.TestContext,
  name: string,
  steps: number,
  trainOn: (backend: string) => Promise<number[]>,
  options: { tolerance?: number; what?: string } = {},
): Promise<void> {
  const losses: Record<string, number[]> = {};
  for (const backend of ["cpu", "webgl", "webgpu"]) {
    await t.step(`${name} on ${backend}`, async () => {
      const l = await trainOn(backend);
      losses[backend] = l;
      assert.equal(l.length, steps);
      assert.ok(l.every(Number.isFinite), `non-finite loss ${l}`);
      assert.ok(
        l[steps - 1] < l[0],
        `${backend}: ${options.what ?? "loss"} ${l.join(" → ")} does not decrease`,
      );
    });
  }
  await t.step("the three backends agree", () => {
    assertBackendsAgree(losses, options.tolerance ?? 1e-2);
  });
}

/** What the lecture tests check on a page, read in one evaluation. */
export interface LectureFacts {
  /** KaTeX expressions, the display equations among them, and KaTeX errors. */
  katex: number;
  katexDisplays: number;
  katexErrors: number;
  /** figure.plot-figure elements, their SVGs, and the <image>s (digits) and <path>s in those. */
  figures: number;
  figureSvgs: number;
  figureImages: number;
  figurePaths: number;
  /** data-listing of every code listing ("lib/….ts#name"), and each listing's code. */
  listings: (string | undefined)[];
  listingText: string[];
  /** Model cards drawn (their data-model-card). */
  cards: string[];
  /** data-demo of every demo frame. */
  demos: string[];
  /** The href of every link in the exercise boxes. */
  exercises: (string | null)[];
  breakBox: string;
  /** Entries of the reference list, h2 headings of the prose, rows of its tables. */
  references: number;
  headings: string[];
  tableRows: number;
  text: string;
}

/** Reads a lecture page's math, figures, listings, cards, demos, exercises and references. */
export function readLecture(page: Page): Promise<LectureFacts> {
  return page.evaluate(() => {
    const all = (selector: string) => [...document.querySelectorAll(selector)];
    const count = (selector: string) => document.querySelectorAll(selector).length;
    return {
      katex: count(".katex"),
      katexDisplays: count(".katex-display"),
      katexErrors: count(".katex-error"),
      figures: count("figure.plot-figure"),
      figureSvgs: count("figure.plot-figure svg"),
      figureImages: count("figure.plot-figure svg image"),
      figurePaths: count("figure.plot-figure svg path"),
      listings: all("figure.listing").map((f) => (f as HTMLElement).dataset.listing),
      listingText: all("figure.listing pre").map((p) => p.textContent ?? ""),
      cards: all("[data-model-card]").filter((c) => c.querySelector("svg") !== null).map((c) =>
        (c as HTMLElement).dataset.modelCard ?? ""
      ),
      demos: all("[data-demo]").map((d) => (d as HTMLElement).dataset.demo ?? ""),
      exercises: all(".ex-box a").map((a) => a.getAttribute("href")),
      breakBox: document.querySelector(".break-box")?.textContent ?? "",
      references: count("#references + ul li"),
      headings: all(".prose h2").map((h) => h.textContent ?? ""),
      tableRows: count(".prose table tr"),
      text: document.body.textContent ?? "",
    };
  });
}

/** The shipped models' entries in weights/manifest.json (metrics, metricsFast, steps …). */
export const SHIPPED: Manifest["models"] = JSON.parse(
  Deno.readTextFileSync(new URL("../../weights/manifest.json", import.meta.url)),
).models;

export interface VisitOptions {
  /** Force a backend with ?backend=. */
  backend?: string;
  /** Another page than the suite's lecture (e.g. lecture 1 in a suite of lecture 2). */
  path?: string;
}

export interface PretrainedOptions extends VisitOptions {
  /** The demo's data-demo. */
  kind: string;
  /** JS over the demo's dataset `d`: the evaluation is done. */
  until: string;
  timeout: number;
  /** As runDemo's options (worker demos: DOM clicks and slower polling). */
  demo?: WaitDemoOptions & { domClick?: boolean };
}

/** One lecture's browser test, as lectureSuite hands it to the test body. */
export interface Lecture {
  site: Site;
  /** The lecture page, e.g. "/lectures/03-vae-primer/". */
  path: string;
  /**
   * Opens the lecture on a new page, runs `body`, then asserts that the page had no console
   * error, uncaught exception or failed request; closes the page either way.
   */
  visit<T>(body: (page: Page, errors: string[]) => Promise<T>, options?: VisitOptions): Promise<T>;
  /** `visit` as a test step. */
  step(
    t: Deno.TestContext,
    name: string,
    body: (page: Page, errors: string[]) => Promise<unknown>,
    options?: VisitOptions,
  ): Promise<boolean>;
  /**
   * A step that presses the demo's "pretrained" button (on the cpu backend unless `backend`
   * says otherwise), waits until `until` and hands the demo's dataset to `check`.
   */
  pretrained(
    t: Deno.TestContext,
    name: string,
    options: PretrainedOptions,
    check: (d: DemoData, page: Page) => unknown,
  ): Promise<boolean>;
}

export interface LectureSuiteOptions {
  /** Each page's default Playwright timeout in ms (Playwright's own: 30 s). */
  pageTimeout?: number;
}

/**
 * The scaffold every lecture test repeats: one Deno test that opens the site (with WebGPU), hands
 * the body a Lecture to run its steps on fresh pages, and closes the browser and the server at the
 * end, whatever happened.
 */
export function lectureSuite(
  name: string,
  path: string,
  body: (t: Deno.TestContext, lecture: Lecture) => Promise<void>,
  options: LectureSuiteOptions = {},
): void {
  Deno.test({
    name,
    // The browser and the server outlive single steps, and playwright keeps its own timers.
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const site = await openSite({ webgpu: true });
      const lecture: Lecture = {
        site,
        path,
        async visit(run, visit = {}) {
          const page = await site.browser.newPage();
          if (options.pageTimeout) page.setDefaultTimeout(options.pageTimeout);
          const errors = collectErrors(page);
          try {
            const query = visit.backend ? `?backend=${visit.backend}` : "";
            // A lecture's "load" waits for its figures and fonts: allow a busy machine 90 s.
            await page.goto(`${site.base}${visit.path ?? path}${query}`, { timeout: 90_000 });
            const result = await run(page, errors);
            assert.deepEqual(errors, []);
            return result;
          } finally {
            await page.close();
          }
        },
        step(t, stepName, run, visit) {
          return t.step(stepName, async () => {
            await lecture.visit(run, visit);
          });
        },
        pretrained(t, stepName, pretrained, check) {
          const { kind, until, timeout, demo } = pretrained;
          return lecture.step(t, stepName, async (page) => {
            const d = await runDemo(page, kind, "pretrained", until, timeout, demo);
            await check(d, page);
          }, { backend: pretrained.backend ?? "cpu", path: pretrained.path });
        },
      };
      try {
        await body(t, lecture);
      } finally {
        await site.close();
      }
    },
  });
}

export const LECTURE_7 = "/lectures/07-continuous-normalising-flows/";

/**
 * Starts lecture 7's CNF training (its worker) on a page already opened with ?backend=wasm, waits
 * for its first step and pauses it; the worker must have started wasm.
 */
export async function startCnfWorkerOnWasm(page: Page): Promise<DemoData> {
  const d = await runDemo(page, "cnf-training", "start", "Number(d.step ?? 0) >= 1", 120_000, {
    domClick: true,
    polling: 250,
    pause: true,
  });
  assert.equal(d.workerBackend, "wasm");
  return d;
}

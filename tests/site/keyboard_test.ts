/**
 * One demo per lecture, driven by the keyboard only (wasm backend, a step or two): Tab from the
 * top of the page reaches the demo's Start with a visible focus ring; Enter starts it; the status
 * line, a polite live region, says the step and the loss; focus passes to Pause, and Space pauses;
 * the loss plot's text alternative names the latest loss. Lecture 1's playground renders instead
 * of training: a slider moved with the arrow keys re-solves and the live texts follow.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, DIST, lecturePaths, openSite, type Site } from "./_browser.ts";

const TIMEOUT = 120_000;
/** Tab presses before giving up: a lecture page has a few hundred stops at most. */
const MAX_TABS = 600;

interface KeyboardDemo {
  path: string;
  kind: string;
}

const L = (n: string) => `/lectures/${n}/`;
const TRAINING: KeyboardDemo[] = [
  { path: L("02-neural-odes"), kind: "node-training" },
  { path: L("03-vae-primer"), kind: "vae-training" },
  { path: L("04-odevae"), kind: "odevae-training" },
  { path: L("05-latent-odes"), kind: "latent-ode" },
  { path: L("06-odenet"), kind: "odenet-training" },
  { path: L("07-continuous-normalising-flows"), kind: "cnf-training" },
  { path: L("08-related-work"), kind: "anode-crossing" },
];

/** Presses Tab until `selector` has focus; returns how many presses it took (fails if never). */
async function tabTo(page: Page, selector: string): Promise<number> {
  for (let n = 1; n <= MAX_TABS; n++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      return n;
    }
  }
  throw new Error(`${MAX_TABS} Tab presses never reached ${selector}`);
}

/** The focused element shows a focus ring (the page's :focus-visible outline). */
async function assertFocusRing(page: Page, what: string): Promise<void> {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return {
      visible: el.matches(":focus-visible"),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
  assert.ok(ring.visible, `${what} is focused but not :focus-visible`);
  assert.ok(
    !ring.outline.startsWith("none") && ring.outline !== "solid 0px",
    `${what}: ${ring.outline}`,
  );
}

/** Waits until the status line's text satisfies `pattern`; returns it. */
async function statusMatching(page: Page, kind: string, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    ([k, source]) => {
      const text = document.querySelector(`[data-demo="${k}"] [data-role="status"]`)
        ?.textContent ?? "";
      return new RegExp(source).test(text) ? text : false;
    },
    [kind, pattern.source] as const,
    { timeout: TIMEOUT, polling: 50 },
  );
  return (await handle.jsonValue()) as string;
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const demo = el?.closest<HTMLElement>("[data-demo]")?.dataset.demo;
    return `${demo ?? "page"}:${el?.dataset.action ?? el?.tagName.toLowerCase()}`;
  });

async function onPage(site: Site, path: string, body: (page: Page) => Promise<void>) {
  const page = await site.browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${path}?backend=wasm`);
    await body(page);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

/** Start, watch, pause and read the loss plot of a training demo, by keyboard. */
async function trainByKeyboard(page: Page, kind: string): Promise<void> {
  const frame = `[data-demo="${kind}"]`;
  const tabs = await tabTo(page, `${frame} [data-action="start"]`);
  await assertFocusRing(page, `${kind} Start after ${tabs} Tabs`);
  const live = await page.locator(`${frame} [data-role="status"]`).evaluate((el) => ({
    role: el.getAttribute("role"),
    live: el.getAttribute("aria-live"),
  }));
  assert.deepEqual(live, { role: "status", live: "polite" }, `${kind}: status is no live region`);

  await page.keyboard.press("Enter");
  const running = await statusMatching(page, kind, /^step \d+ · /);
  assert.match(running, /(loss|ELBO|MSE|log p|nats|bits)/i, `${kind} status: ${running}`);
  // Start is disabled while training runs: focus went on to Pause, not back to the page.
  await page.waitForFunction(
    (f) => document.activeElement?.matches(`${f} [data-action="pause"]`),
    frame,
  );
  await assertFocusRing(page, `${kind} Pause`);
  await page.keyboard.press("Space");
  await page.waitForFunction(
    (f) => document.querySelector<HTMLElement>(f)?.dataset.state === "paused",
    frame,
  );
  assert.equal(await focused(page), `${kind}:start`, `${kind}: focus returns to Start (Resume)`);

  // The loss plot's text alternative catches up with the last step shown.
  const step = await page.locator(frame).evaluate((el) => (el as HTMLElement).dataset.step);
  const name = await page.waitForFunction(
    ([f, s]) => {
      const svg = document.querySelector(`${f} [data-plot="loss"] svg[role="img"]`);
      const label = svg?.getAttribute("aria-label") ?? "";
      return label.endsWith(`at step ${s}`) ? label : false;
    },
    [frame, step] as const,
    { timeout: TIMEOUT },
  );
  const label = (await name.jsonValue()) as string;
  const loss = Number((await page.locator(frame).getAttribute("data-loss"))!);
  const latest = Number(label.match(/(?:latest|ANODE) (-?[\d.]+(?:e[-+]?\d+)?) at step/)![1]);
  assert.ok(
    Math.abs(latest - loss) <= 1e-3 * Math.abs(loss),
    `${kind}: plot says "${label}", the demo's latest loss is ${loss}`,
  );
}

/** Lecture 1's playground renders once per setting: Enter renders, an arrow key re-solves. */
async function playgroundByKeyboard(page: Page): Promise<void> {
  const kind = "solver-playground";
  const frame = `[data-demo="${kind}"]`;
  const tabs = await tabTo(page, `${frame} [data-action="start"]`);
  await assertFocusRing(page, `Start after ${tabs} Tabs`);
  await page.keyboard.press("Enter");
  await statusMatching(page, kind, /^µ = 1\.0, /);
  // No Pause here: focus moved on to the first control, the µ slider.
  assert.equal(await focused(page), `${kind}:input`);
  const nfe = await page.locator(frame).getAttribute("data-nfe");
  const plot = page.locator(`${frame} [data-plot="phase"] svg[role="img"]`);
  assert.match((await plot.getAttribute("aria-label"))!, new RegExp(`NFE ${nfe},`));
  await page.keyboard.press("ArrowRight");
  await statusMatching(page, kind, /^µ = 1\.1, /);
  const readout = page.locator(`${frame} [data-role="readout"]`);
  assert.equal(await readout.getAttribute("aria-live"), "polite");
  const after = await page.locator(frame).getAttribute("data-nfe");
  assert.match((await readout.textContent())!, new RegExp(`NFE ${after}\\b`));
  assert.match((await plot.getAttribute("aria-label"))!, new RegExp(`NFE ${after},`));
}

/** Under prefers-reduced-motion the animation waits; Enter on its Play starts it. */
async function animationWaits(site: Site, path: string, anim: string): Promise<void> {
  const page = await site.browser.newPage({ reducedMotion: "reduce" });
  try {
    await page.goto(`${site.base}${path}`);
    const figure = `[data-anim="${anim}"]`;
    const play = page.locator(`${figure} [data-role="play"]`);
    const time = page.locator(`${figure} [data-role="time"]`);
    await tabTo(page, `${figure} [data-role="play"]`); // scrolls it into view
    assert.equal(await play.textContent(), "Play", `${anim} started on its own`);
    const still = await time.textContent();
    await page.waitForTimeout(600);
    assert.equal(await time.textContent(), still, `${anim} moves without a press`);
    await page.keyboard.press("Enter");
    assert.equal(await play.textContent(), "Pause");
    await page.waitForFunction(
      ([sel, was]) => document.querySelector(sel)?.textContent !== was,
      [`${figure} [data-role="time"]`, still] as const,
      { timeout: TIMEOUT },
    );
  } finally {
    await page.close();
  }
}

/** Tabs open at once (each page has its own emulated focus). */
const PARALLEL = 3;

Deno.test({
  name: "keyboard only: one demo per lecture starts, reports in a live region and pauses",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Every lecture with a demo is driven here (a new lecture's demo must join the list).
    const withDemos = lecturePaths().filter((path) =>
      Deno.readTextFileSync(`${DIST}${path.slice(1)}index.html`).includes("data-demo=")
    );
    assert.deepEqual(withDemos, [L("01-odes-and-solvers"), ...TRAINING.map((d) => d.path)]);
    const site = await openSite({ webgpu: false });
    const jobs: [string, () => Promise<void>][] = [
      ["lecture 1 playground", () => onPage(site, L("01-odes-and-solvers"), playgroundByKeyboard)],
      [
        "lecture 1 animation, reduced motion",
        () => animationWaits(site, L("01-odes-and-solvers"), "vdp"),
      ],
      [
        "lecture 7 animation, reduced motion",
        () => animationWaits(site, L("07-continuous-normalising-flows"), "cnf-flow"),
      ],
      // Without the preference it plays on its own: the checks above can fail.
      [
        "lecture 1 animation, motion allowed",
        () =>
          onPage(site, L("01-odes-and-solvers"), async (page) => {
            const play = page.locator('[data-anim="vdp"] [data-role="play"]');
            assert.equal(await play.textContent(), "Pause");
          }),
      ],
      ...TRAINING.map((demo): [string, () => Promise<void>] => [
        `${demo.path} ${demo.kind}`,
        () => onPage(site, demo.path, (page) => trainByKeyboard(page, demo.kind)),
      ]),
    ];
    const failures: string[] = [];
    try {
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const started = Date.now();
            try {
              await job[1]();
              console.log(`  ok ${job[0]} (${Date.now() - started} ms)`);
            } catch (error) {
              failures.push(`${job[0]}: ${(error as Error).message}`);
            }
          }
        }),
      );
    } finally {
      await site.close();
    }
    assert.deepEqual(failures, [], "demos that failed by keyboard");
  },
});

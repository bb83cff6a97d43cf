/**
 * Lecture 7 (continuous normalising flows) in headless Chromium: the page's math, figures,
 * listings, animation, model card and exercise link; the live CNF trains three steps on cpu,
 * webgl and webgpu (forced with ?backend=) in its worker, the loss decreases, the backends agree,
 * and the page stays responsive while the CPU trains; the pretrained cnf-circles weights give the
 * manifest's held-out log-likelihood on the same 256 points.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite, type Site } from "./_browser.ts";

const L7 = "/lectures/07-continuous-normalising-flows/";
const KIND = "cnf-training";
const STEPS = 3;
const MANIFEST = JSON.parse(
  await Deno.readTextFile(new URL("../../weights/manifest.json", import.meta.url)),
);
const CNF = MANIFEST.models["cnf-circles"];

type Dataset = Record<string, string | undefined>;

/** Waits until `until` (a predicate over the demo's dataset `d`) holds; returns the dataset. */
async function waitFor(page: Page, until: string, timeout: number): Promise<Dataset> {
  const root = page.locator(`[data-demo="${KIND}"]`);
  await page.waitForFunction(
    ([kind, cond]) => {
      const el = document.querySelector(`[data-demo="${kind}"]`) as HTMLElement;
      return el.dataset.state === "error" || new Function("d", `return ${cond}`)(el.dataset);
    },
    [KIND, until],
    { timeout, polling: 250 },
  );
  const data = await root.evaluate((e) => ({ ...(e as HTMLElement).dataset })) as Dataset;
  const notes = await root.locator('[data-role="notes"]').textContent();
  assert.notEqual(data.state, "error", `${KIND} failed: ${notes}`);
  return data;
}

/** Presses a demo button (a DOM click: no waiting for layout to settle on a loaded machine). */
async function click(page: Page, action: string): Promise<void> {
  await page.locator(`[data-demo="${KIND}"] [data-action="${action}"]`).evaluate((b) =>
    (b as HTMLButtonElement).click()
  );
}

/** Presses a demo button, then waits as `waitFor` does. */
async function runDemo(page: Page, action: string, until: string, timeout: number) {
  await click(page, action);
  return await waitFor(page, until, timeout);
}

/** The longest gap between animation frames over `ms` milliseconds (main-thread stalls). */
function longestFrameGap(page: Page, ms: number): Promise<number> {
  return page.evaluate((duration) =>
    new Promise<number>((resolve) => {
      let last = performance.now();
      let worst = 0;
      const end = last + duration;
      const tick = (now: number) => {
        worst = Math.max(worst, now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else resolve(worst);
      };
      requestAnimationFrame(tick);
    }), ms);
}

async function trainOn(site: Site, backend: string) {
  const page = await site.browser.newPage();
  page.setDefaultTimeout(120_000);
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${L7}?backend=${backend}`);
    const timeout = backend === "cpu" ? 120_000 : 400_000;
    await runDemo(page, "start", "Number(d.step ?? 0) >= 1", timeout);
    const firstStep = performance.now();
    // Training runs in a worker: the page must keep painting while the CPU backend trains.
    const gap = backend === "cpu" ? await longestFrameGap(page, 2000) : 0;
    const data = await waitFor(page, `Number(d.step ?? 0) >= ${STEPS}`, timeout);
    const stepMs = (performance.now() - firstStep) / (Number(data.step) - 1);
    await click(page, "pause");
    assert.notEqual(data.state, "error");
    assert.equal(data.backend, backend, `the page ran on ${data.backend}, not ${backend}`);
    assert.equal(data.workerBackend, backend, `the worker ran on ${data.workerBackend}`);
    assert.ok(Number.isFinite(Number(data.heldOutLL)), "the held-out log-likelihood is shown");
    assert.deepEqual(errors, []);
    return { losses: (JSON.parse(data.losses!) as number[]).slice(0, STEPS), gap, stepMs };
  } finally {
    await page.close();
  }
}

Deno.test({
  name: "lecture 7: page, CNF training on three backends, pretrained cnf-circles",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      await t.step("the page: math, figures, listings, animation, card, exercise", async () => {
        const page = await site.browser.newPage();
        page.setDefaultTimeout(120_000);
        const errors = collectErrors(page);
        await page.goto(site.base + L7);
        await page.waitForTimeout(600);
        const info = await page.evaluate(() => ({
          katex: document.querySelectorAll(".katex").length,
          katexErrors: document.querySelectorAll(".katex-error").length,
          figures: document.querySelectorAll("figure.plot-figure svg").length,
          contours: document.querySelectorAll("figure.plot-figure svg path").length,
          listings: [...document.querySelectorAll("figure.listing")].map((f) =>
            (f as HTMLElement).dataset.listing
          ),
          listingText: [...document.querySelectorAll("figure.listing pre")].map((p) =>
            p.textContent ?? ""
          ),
          card: document.querySelector('[data-model-card="cnf-circles"] svg') !== null,
          exerciseLinks: [...document.querySelectorAll(".ex-box a")].map((a) =>
            a.getAttribute("href")
          ),
          breakBox: document.querySelector(".break-box")?.textContent ?? "",
          references: document.querySelectorAll("#references + ul li").length,
          // The animation has drawn samples: some canvas pixels are not white.
          animationInk: (() => {
            const c = document.querySelector<HTMLCanvasElement>('[data-anim="cnf-flow"] canvas')!;
            const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
            let ink = 0;
            for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] < 200) ink++;
            return ink;
          })(),
        }));
        assert.deepEqual(errors, []);
        assert.ok(info.katex >= 30, `KaTeX expressions: ${info.katex}`);
        assert.equal(info.katexErrors, 0);
        assert.ok(info.figures >= 7, `figure panels: ${info.figures}`);
        assert.ok(info.contours > 20, "the density figure has contour paths");
        for (const name of ["changeOfVariables", "exactTrace", "hutchinsonTrace", "HyperField"]) {
          assert.ok(
            info.listings.includes(`lib/models/cnf.ts#${name}`),
            `listing ${name}: ${info.listings}`,
          );
        }
        // Whole declarations, not just their signatures.
        assert.ok(info.listingText.some((t) => t.includes("valueAndGrads") && t.includes("eye")));
        assert.ok(info.card, "the cnf-circles model card is shown");
        assert.ok(
          info.exerciseLinks.some((h) => h?.includes("exercises/#")),
          `exercise links: ${info.exerciseLinks}`,
        );
        assert.match(info.breakBox, /10-minute break/);
        assert.ok(info.references >= 6, `references: ${info.references}`);
        assert.ok(info.animationInk > 200, `animation pixels drawn: ${info.animationInk}`);
        await page.close();
      });

      const runs: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgl", "webgpu"]) {
        await t.step(`${STEPS} training steps on ${backend}`, async () => {
          const started = performance.now();
          const { losses, gap, stepMs } = await trainOn(site, backend);
          runs[backend] = losses;
          console.log(
            `  ${backend}: losses ${losses.map((l) => l.toFixed(4)).join(" → ")} in ` +
              `${((performance.now() - started) / 1000).toFixed(0)} s` +
              (gap ? `; longest frame gap ${gap.toFixed(0)} ms, step ${stepMs.toFixed(0)} ms` : ""),
          );
          assert.equal(losses.length, STEPS);
          assert.ok(losses.every(Number.isFinite));
          assert.ok(losses[STEPS - 1] < losses[0], `${backend}: ${losses.join(" → ")}`);
          // The untrained flow is close to the identity: about the Gaussian's 2.15 nats.
          assert.ok(Math.abs(losses[0] - 2.15) < 0.1, `initial −log p ${losses[0]}`);
          // Training on the main thread would stall it for a whole step (seconds on the CPU);
          // in the worker, the page's longest pause is a small part of one (it is relative
          // because a loaded machine slows both).
          if (backend === "cpu") {
            assert.ok(gap < stepMs / 4, `the page froze for ${gap} ms (a step: ${stepMs} ms)`);
          }
        });
      }
      await t.step("the three backends agree", () => {
        for (const backend of ["webgl", "webgpu"]) {
          runs[backend].forEach((l, i) => {
            const rel = Math.abs(l - runs.cpu[i]) / runs.cpu[i];
            assert.ok(rel < 2e-2, `${backend} step ${i}: ${l} vs cpu ${runs.cpu[i]}`);
          });
        }
      });

      await t.step("pretrained cnf-circles: the manifest's held-out log-likelihood", async () => {
        const page = await site.browser.newPage();
        page.setDefaultTimeout(120_000);
        const errors = collectErrors(page);
        await page.goto(`${site.base}${L7}?backend=cpu`);
        const d = await runDemo(
          page,
          "pretrained",
          "d.testLL !== undefined && d.state === 'paused'",
          120_000,
        );
        const expected = CNF.metricsFast["test log-likelihood/sample"];
        assert.equal(Number(d.testLLExpected), expected);
        assert.ok(
          Math.abs(Number(d.testLL) - expected) < 1e-3,
          `held-out log-likelihood ${d.testLL} in the browser vs ${expected} in the manifest`,
        );
        // The Gaussian baseline is the recipe's own function on the same points.
        const gaussian = CNF.metricsFast["Gaussian baseline log-likelihood/sample"];
        assert.ok(Math.abs(Number(d.gaussianLL) - gaussian) < 1e-9, `${d.gaussianLL}`);
        assert.ok(Number(d.testLL) - gaussian > 0.5, "the flow beats the Gaussian");
        assert.deepEqual(errors, []);
        await page.close();
      });
    } finally {
      await site.close();
    }
  },
});

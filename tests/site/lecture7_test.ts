/**
 * Lecture 7 (continuous normalising flows) in headless Chromium: the page's math, figures,
 * listings, animation, model card and exercise link; the live CNF trains three steps on cpu,
 * webgl and webgpu (forced with ?backend=) in its worker, the loss decreases, the backends agree,
 * and the page stays responsive while the CPU trains; the pretrained cnf-circles weights give the
 * manifest's held-out log-likelihood on the same 256 points.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  assertBackendsAgree,
  clickDemo,
  type Lecture,
  lectureSuite,
  readLecture,
  runDemo,
  SHIPPED,
  waitDemo,
} from "./_browser.ts";

const KIND = "cnf-training";
// Two: the second loss shows the first update (a step on SwiftShader's WebGPU costs about a minute).
const STEPS = 2;
const CNF = SHIPPED["cnf-circles"];

/** Worker demos: DOM clicks (no waiting for layout on a loaded machine), polls every 250 ms. */
const WORKER = { domClick: true, polling: 250 } as const;

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

function trainOn(lecture: Lecture, backend: string) {
  return lecture.visit(async (page) => {
    const timeout = backend === "cpu" ? 120_000 : 400_000;
    await runDemo(page, KIND, "start", "Number(d.step ?? 0) >= 1", timeout, WORKER);
    const firstStep = performance.now();
    // Training runs in a worker: the page must keep painting while the CPU backend trains.
    const gap = backend === "cpu" ? await longestFrameGap(page, 2000) : 0;
    const data = await waitDemo(page, KIND, `Number(d.step ?? 0) >= ${STEPS}`, timeout, WORKER);
    const stepMs = (performance.now() - firstStep) / (Number(data.step) - 1);
    await clickDemo(page, KIND, "pause");
    assert.notEqual(data.state, "error");
    assert.equal(data.backend, backend, `the page ran on ${data.backend}, not ${backend}`);
    assert.equal(data.workerBackend, backend, `the worker ran on ${data.workerBackend}`);
    assert.ok(Number.isFinite(Number(data.heldOutLL)), "the held-out log-likelihood is shown");
    return { losses: (JSON.parse(data.losses!) as number[]).slice(0, STEPS), gap, stepMs };
  }, { backend });
}

lectureSuite(
  "lecture 7: page, CNF training on three backends, pretrained cnf-circles",
  "/lectures/07-continuous-normalising-flows/",
  async (t, lecture) => {
    await lecture.step(t, "the page: math, figures, listings, animation, card, exercise", async (
      page,
      errors,
    ) => {
      await page.waitForTimeout(600);
      const info = await readLecture(page);
      // The animation has drawn samples: some canvas pixels are not white.
      const animationInk = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-anim="cnf-flow"] canvas')!;
        const px = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] < 200) ink++;
        return ink;
      });
      assert.deepEqual(errors, []);
      assert.ok(info.katex >= 30, `KaTeX expressions: ${info.katex}`);
      assert.equal(info.katexErrors, 0);
      assert.ok(info.figureSvgs >= 7, `figure panels: ${info.figureSvgs}`);
      assert.ok(info.figurePaths > 20, "the density figure has contour paths");
      for (const name of ["changeOfVariables", "exactTrace", "hutchinsonTrace"]) {
        assert.ok(
          info.listings.includes(`lib/models/cnf.ts#${name}`),
          `listing ${name}: ${info.listings}`,
        );
      }
      assert.ok(
        info.listings.includes("lib/nn/time_fields.ts#HyperField"),
        `listing HyperField: ${info.listings}`,
      );
      // Whole declarations, not just their signatures.
      assert.ok(info.listingText.some((t) => t.includes("valueAndGrads") && t.includes("eye")));
      assert.ok(info.cards.includes("cnf-circles"), "the cnf-circles model card is shown");
      assert.ok(
        info.exercises.some((h) => h?.includes("exercises/#")),
        `exercise links: ${info.exercises}`,
      );
      assert.match(info.breakBox, /10-minute break/);
      assert.ok(info.references >= 6, `references: ${info.references}`);
      assert.ok(animationInk > 200, `animation pixels drawn: ${animationInk}`);
    });

    const runs: Record<string, number[]> = {};
    for (const backend of ["cpu", "webgl", "webgpu"]) {
      await t.step(`${STEPS} training steps on ${backend}`, async () => {
        const started = performance.now();
        const { losses, gap, stepMs } = await trainOn(lecture, backend);
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
    await t.step("the three backends agree", () => assertBackendsAgree(runs, 2e-2));

    await lecture.pretrained(t, "pretrained cnf-circles: the manifest's held-out log-likelihood", {
      kind: KIND,
      until: "d.testLL !== undefined && d.state === 'paused'",
      timeout: 120_000,
      demo: WORKER,
    }, (d) => {
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
    });
  },
  { pageTimeout: 120_000 },
);

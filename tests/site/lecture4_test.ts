/**
 * Lecture 4 (ODE-VAE) in headless Chromium: the page's math, figures, listings, model card and
 * exercise links; the reduced ODE-VAE trains on cpu, webgl and webgpu (forced with ?backend=)
 * with a decreasing loss and the same numbers on all three (same seeded batches, z0 and field
 * draws); the pretrained odevae-rotmnist reproduces the manifest's metrics on the recipe's fast
 * subset (the first 16 test sequences, rebuilt in the page from the shipped digits); choosing
 * another test sequence redraws it.
 */
import assert from "node:assert/strict";
import { ROTATING_TEST_SIZE } from "../../lib/data/rotating_mnist.ts";
import { lectureSuite, readLecture, SHIPPED, trainDemo, trainOnThreeBackends } from "./_browser.ts";

const PAGE = "/lectures/04-odevae/";
const KIND = "odevae-training";
// Two: the second loss shows the first update (a step on SwiftShader's WebGPU costs about a minute).
const STEPS = 2;
/**
 * Relative agreement of the pretrained metrics with the manifest: the page runs the recipe's
 * deterministic evaluation (posterior means, mean field) in float32 on another tfjs build.
 */
const METRIC_TOLERANCE = 5e-3;

lectureSuite(
  "lecture 4: page content, ODE-VAE training on three backends, pretrained odevae-rotmnist",
  PAGE,
  async (t, lecture) => {
    await lecture.step(t, "the page: math, figures, listings, card, exercises 8 and 9", async (
      page,
    ) => {
      const info = await readLecture(page);
      assert.ok(info.katexDisplays >= 5, `display equations: ${info.katexDisplays}`);
      assert.equal(info.katexErrors, 0);
      assert.ok(info.figures >= 4, `figures: ${info.figures}`);
      // Rotating MNIST 3 × 16, frames 8 × 16, extrapolation 4 × 16.
      assert.ok(info.figureImages >= 48 + 128 + 64, `digit images: ${info.figureImages}`);
      assert.ok(info.figurePaths >= 12, "latent trajectories drawn");
      for (const name of ["sampleWeights", "meanFieldKl", "odeVaeLoss"]) {
        assert.ok(info.listings.some((l) => l?.endsWith(`#${name}`)), `listing of ${name}`);
      }
      assert.ok(info.cards.includes("odevae-rotmnist"), "the odevae-rotmnist model card");
      for (const n of ["08", "09"]) {
        assert.ok(info.exercises.some((h) => h?.endsWith(`exercises/#ex-${n}`)), `exercise ${n}`);
      }
      assert.match(info.breakBox, /30-minute break/);
    });

    // No Pause: on the cpu backend a busy page may not take the click within the timeout on
    // a loaded machine; closing the page ends the training loop.
    await trainOnThreeBackends(
      t,
      `${STEPS} ODE-VAE training steps`,
      STEPS,
      (backend) =>
        trainDemo(lecture.site, backend, {
          path: PAGE,
          kind: KIND,
          steps: STEPS,
          timeout: backend === "webgpu" ? 480_000 : 240_000,
          setup: (page) => page.locator(`[data-demo="${KIND}"] [name="batch"]`).selectOption("4"),
        }),
    );

    await lecture.pretrained(t, "pretrained odevae-rotmnist reproduces the manifest's metrics", {
      kind: KIND,
      until: "d.worstRatioExpected !== undefined",
      timeout: 180_000,
    }, async (d, page) => {
      const expected = SHIPPED["odevae-rotmnist"].metricsFast;
      const keys: [string, string][] = [
        ["reconMse", "reconstruction MSE"],
        ["predMse", "prediction MSE"],
        ["baselineMse", "first-frame baseline MSE"],
        ["worstRatio", "worst frame MSE / baseline"],
      ];
      for (const [key, name] of keys) {
        assert.equal(Number(d[`${key}Expected`]), expected[name]);
        const rel = Math.abs(Number(d[key]) - expected[name]) / expected[name];
        console.log(`  ${name}: page ${d[key]}, manifest ${expected[name]}`);
        assert.ok(rel <= METRIC_TOLERANCE, `${name}: ${d[key]} in the page vs ${expected[name]}`);
      }

      // Another test sequence: the frames and their caption are redrawn for it.
      const root = page.locator(`[data-demo="${KIND}"]`);
      await root.locator('[name="sequence"]').evaluate((el) => {
        (el as HTMLInputElement).value = "200";
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await page.waitForFunction(
        (n) =>
          new RegExp(`test sequence 201 of ${n}`).test(
            document.querySelector('[data-plot="frames"]')?.textContent ?? "",
          ),
        ROTATING_TEST_SIZE,
        { timeout: 60_000 },
      );
      assert.equal(await root.locator('[data-plot="frames"] canvas').count(), 2);
    });
  },
);

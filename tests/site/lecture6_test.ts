/**
 * Lecture 6 in headless Chromium: the ODE-Net demo trains on webgpu, webgl and cpu (forced with
 * ?backend=), its loss decreases and the backends agree; the pretrained odenet-mnist gives the
 * manifest's accuracy on the recipe's fast subset (every 10th official test digit, all shipped)
 * and about it on the 2,000 official test digits the site ships; the solver demo reproduces lib's
 * numbers (computed here in Deno on the same digits: every 50th official test digit); digits drawn
 * with the mouse (a "1", then a "0") are classified correctly, and so is every digit drawn from the
 * keyboard (the demo's "Draw it" button).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { mnistTensors, splitMnist } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { loadModuleWeights } from "../../lib/io/weights.ts";
import { odenetMnist } from "../../scripts/recipes/odenet_mnist.ts";
import { ODENET_QUICK_STRIDE as QUICK_STRIDE } from "../../lib/zoo/odenet_mnist.ts";
import {
  type Lecture,
  lectureSuite,
  pressDemo,
  runDemo,
  SHIPPED,
  trainDemo,
  trainOnThreeBackends,
  waitDemo,
} from "./_browser.ts";

const L6 = "/lectures/06-odenet/";
// Two: the second loss shows the first update (a step on SwiftShader's WebGPU costs about a minute).
const STEPS = 2;

/** Trains the ODE-Net demo; the untrained network was measured first and every panel drawn. */
function trainOn(lecture: Lecture, backend: string): Promise<number[]> {
  return trainDemo(lecture.site, backend, {
    path: L6,
    kind: "odenet-training",
    steps: STEPS,
    timeout: backend === "webgpu" ? 420_000 : 240_000,
    pause: true,
    async check(page, data) {
      // The untrained network was measured before training: accuracy near chance, dopri5's NFE.
      assert.ok(Number(data.accuracy) < 0.4, `untrained accuracy ${data.accuracy}`);
      assert.ok(Number(data.probeNfe) >= 14, `dopri5 NFE ${data.probeNfe}`);
      const root = page.locator('[data-demo="odenet-training"]');
      for (const plot of ["loss", "accuracy", "nfe"]) {
        assert.ok(await root.locator(`[data-plot="${plot}"] svg`).count() > 0, `no ${plot} plot`);
      }
    },
  });
}

/** Accuracy and NFE of the shipped model with `solver` on the solver demo's digits, by lib. */
async function libReference(solver: Record<string, unknown>) {
  tf.enableProdMode();
  await tf.setBackend("cpu");
  const model = odenetMnist.build(0);
  await loadModuleWeights(model, "weights/odenet-mnist", "odenet-mnist", (p) => Deno.readFile(p));
  model.solver = solver;
  const data = loadMnist();
  const quick = splitMnist(data).test.filter((_, i) => i % QUICK_STRIDE === 0);
  const { images, labels } = mnistTensors(data, quick, "image");
  const { logits, stats } = model.forward(images);
  const pred = tf.argMax(logits, 1).arraySync() as number[];
  const truth = labels.arraySync() as number[];
  tf.dispose([images, labels, logits]);
  model.dispose();
  return { accuracy: pred.filter((p, i) => p === truth[i]).length / pred.length, nfe: stats.nfe };
}

/** Draws a polyline (canvas coordinates, 280×280) with the mouse. */
async function stroke(page: Page, points: [number, number][]) {
  const pad = page.locator('[data-demo="digit-draw"] [data-role="pad"]');
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) =>
    [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

lectureSuite(
  "lecture 6: ODE-Net trains on three backends; pretrained, solvers and drawn digits",
  L6,
  async (t, lecture) => {
    await trainOnThreeBackends(t, `${STEPS} training steps`, STEPS, (b) => trainOn(lecture, b));

    const entry = SHIPPED["odenet-mnist"];

    await lecture.pretrained(t, "pretrained odenet-mnist reproduces the manifest's accuracy", {
      kind: "odenet-training",
      until: "d.pretrainedAccuracyShipped !== undefined && d.state === 'paused'",
      timeout: 300_000,
      backend: "wasm",
    }, (d) => {
      const fast = entry.metricsFast["test accuracy"];
      assert.equal(Number(d.pretrainedAccuracyExpected), fast);
      // The same 1,000 digits as the recipe: one digit is 0.001.
      assert.ok(
        Math.abs(Number(d.pretrainedAccuracy) - fast) <= 0.001,
        `fast-subset accuracy ${d.pretrainedAccuracy} in the browser vs ${fast}`,
      );
      assert.equal(Number(d.pretrainedNfe), entry.metricsFast["NFE/forward"]);
      // 2,000 of the 10,000 test digits: a sample of the manifest's set (σ ≈ 0.3 %).
      const full = entry.metrics["test accuracy"];
      assert.ok(
        Math.abs(Number(d.pretrainedAccuracyShipped) - full) <= 0.01,
        `accuracy on the shipped test digits ${d.pretrainedAccuracyShipped} vs ${full}`,
      );
    });

    await lecture.step(t, "the solver demo matches lib on the same digits", async (page) => {
      const root = page.locator('[data-demo="odenet-solvers"]');
      let d = await runDemo(page, "odenet-solvers", "start", "d.last !== undefined", 180_000);
      const first = JSON.parse(d.last!);
      assert.equal(first.label, "rk4 ×2");
      assert.equal(first.nfe, entry.metricsFast["NFE/forward"]);
      const recipe = odenetMnist.build(0);
      const trained = await libReference({ ...recipe.solver });
      recipe.dispose();
      assert.ok(Math.abs(first.accuracy - trained.accuracy) <= 0.005);
      await root.locator('[name="method"]').selectOption("dopri5");
      d = await waitDemo(
        page,
        "odenet-solvers",
        "d.last !== undefined && JSON.parse(d.last).label === 'dopri5 1e-3'",
        180_000,
      );
      const adaptive = JSON.parse(d.last!);
      const ref = await libReference({ method: "dopri5", rtol: 1e-3, atol: 1e-3 });
      assert.equal(adaptive.nfe, ref.nfe, `dopri5 NFE ${adaptive.nfe} vs lib ${ref.nfe}`);
      assert.ok(
        Math.abs(adaptive.accuracy - ref.accuracy) <= 0.005,
        `dopri5 accuracy ${adaptive.accuracy} vs lib ${ref.accuracy}`,
      );
    }, { backend: "cpu" });

    await lecture.step(
      t,
      "a drawn 1 and 0, and every digit drawn from the keyboard, are read correctly",
      async (page) => {
        const root = page.locator('[data-demo="digit-draw"]');
        await root.scrollIntoViewIfNeeded();
        await stroke(page, [[150, 40], [145, 90], [138, 160], [130, 240]]);
        await pressDemo(page, "digit-draw", "start");
        let d = await waitDemo(page, "digit-draw", "d.prediction !== undefined", 120_000);
        assert.equal(
          d.prediction,
          "1",
          `the drawn 1 was read as ${d.prediction}: ${d.probabilities}`,
        );
        await root.locator('[data-action="clear"]').click();
        const ring = Array.from({ length: 41 }, (_, k): [number, number] => {
          const a = (2 * Math.PI * k) / 40;
          return [140 + 60 * Math.sin(a), 140 - 95 * Math.cos(a)];
        });
        await stroke(page, ring);
        d = await waitDemo(
          page,
          "digit-draw",
          "d.prediction !== undefined && Number(d.classified) >= 2",
          60_000,
        );
        assert.equal(
          d.prediction,
          "0",
          `the drawn 0 was read as ${d.prediction}: ${d.probabilities}`,
        );
        const p = JSON.parse(d.probabilities!) as number[];
        assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        assert.ok(await root.locator('[data-plot="probabilities"] svg').count() > 0);

        // Without a pointer: pick each digit in the select by typing it, Tab to "Draw it", Enter.
        // The pen draws the digit's path (sample_strokes.ts), which must read as that digit.
        const misread: string[] = [];
        for (let digit = 0; digit <= 9; digit++) {
          const classified = Number(d.classified);
          await root.locator('[data-role="sample"]').focus();
          await page.keyboard.press(String(digit));
          await page.keyboard.press("Tab");
          assert.equal(
            await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action),
            "sample",
            "Tab from the digit select does not reach “Draw it”",
          );
          await page.keyboard.press("Enter");
          d = await waitDemo(page, "digit-draw", `Number(d.classified) > ${classified}`, 60_000);
          if (d.prediction !== String(digit)) misread.push(`${digit} read as ${d.prediction}`);
        }
        assert.deepEqual(misread, [], "digits drawn from the keyboard");
      },
      { backend: "cpu" },
    );
  },
);

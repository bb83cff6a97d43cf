/**
 * Lecture 8 (related work and wrap-up) in headless Chromium: the page's math, crossing figure,
 * listing, model card, references and exercise link; the crossing demo trains a plain NODE and an
 * ANODE three steps on cpu, webgl and webgpu (forced with ?backend=), the ANODE's loss decreases
 * and the backends agree; on the CPU a longer run shows the plain NODE stuck at the bound
 * MSE ≥ 1 while the ANODE fits; the pretrained anode-toy weights reproduce the manifest's metrics.
 */
import assert from "node:assert/strict";
import {
  assertBackendsAgree,
  clickDemo,
  type Lecture,
  lectureSuite,
  readLecture,
  runDemo,
  SHIPPED,
} from "./_browser.ts";

const KIND = "anode-crossing";
const STEPS = 3;
const ANODE = SHIPPED["anode-toy"];

/** Worker demos: DOM clicks (no waiting for layout on a loaded machine), polls every 250 ms. */
const WORKER = { domClick: true, polling: 250 } as const;

/** Trains `steps` steps on a forced backend; the ANODE's and the plain NODE's losses. */
function trainOn(lecture: Lecture, backend: string, steps: number) {
  return lecture.visit(async (page) => {
    const timeout = backend === "cpu" ? 120_000 : 400_000;
    const until = `Number(d.step ?? 0) >= ${steps}`;
    const d = await runDemo(page, KIND, "start", until, timeout, WORKER);
    await clickDemo(page, KIND, "pause");
    assert.equal(d.backend, backend, `the page ran on ${d.backend}, not ${backend}`);
    assert.equal(d.workerBackend, backend, `the worker ran on ${d.workerBackend}`);
    return {
      anode: (JSON.parse(d.losses!) as number[]).slice(0, steps),
      plain: (JSON.parse(d.plainLosses!) as number[]).slice(0, steps),
    };
  }, { backend });
}

lectureSuite(
  "lecture 8: page, crossing demo on three backends, pretrained anode-toy",
  "/lectures/08-related-work/",
  async (t, lecture) => {
    await lecture.step(t, "the page: math, figure, listing, card, references, exercise", async (
      page,
      errors,
    ) => {
      await page.waitForTimeout(300);
      const info = await readLecture(page);
      assert.deepEqual(errors, []);
      assert.ok(info.katex >= 15, `KaTeX expressions: ${info.katex}`);
      assert.equal(info.katexErrors, 0);
      assert.ok(info.figureSvgs >= 3, `figure panels: ${info.figureSvgs}`);
      assert.ok(info.figurePaths > 30, "the crossing figure has its trajectories");
      assert.ok(info.listings.includes("lib/models/anode.ts#anodeMap"), `${info.listings}`);
      assert.ok(info.cards.includes("anode-toy"), "the anode-toy model card is shown");
      assert.ok(info.exercises.some((h) => h?.includes("exercises/#")));
      for (
        const topic of [
          "Augmented",
          "ODE-RNN",
          "ODE²VAE",
          "Regularised",
          "checkpoint",
          "reinforcement",
          "stochastic",
          "Gaussian-process",
          "Questions",
        ]
      ) {
        assert.ok(
          info.headings.some((h) => h.includes(topic)),
          `a section on ${topic}: ${info.headings}`,
        );
      }
      assert.ok(info.references >= 10, `references: ${info.references}`);
      assert.ok(info.tableRows >= 9, "the summary table lists every lecture");
    });

    const runs: Record<string, { anode: number[]; plain: number[] }> = {};
    for (const backend of ["cpu", "webgl", "webgpu"]) {
      await t.step(`${STEPS} training steps on ${backend}`, async () => {
        const started = performance.now();
        const r = await trainOn(lecture, backend, STEPS);
        runs[backend] = r;
        console.log(
          `  ${backend}: ANODE ${r.anode.map((l) => l.toFixed(4)).join(" → ")}, plain ` +
            `${r.plain.map((l) => l.toFixed(4)).join(" → ")} in ` +
            `${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
        assert.ok([...r.anode, ...r.plain].every(Number.isFinite));
        assert.ok(r.anode[STEPS - 1] < r.anode[0], `${backend}: ANODE ${r.anode.join(" → ")}`);
      });
    }
    await t.step("the three backends agree", () => {
      for (const model of ["anode", "plain"] as const) {
        const byBackend = Object.entries(runs).map(([backend, r]) => [backend, r[model]]);
        assertBackendsAgree(Object.fromEntries(byBackend), 2e-2, ` ${model}`);
      }
    });

    await t.step("cpu, 40 steps: the plain NODE stays at MSE ≥ 1, the ANODE fits", async () => {
      const { anode, plain } = await trainOn(lecture, "cpu", 40);
      // No order-preserving map beats MSE = 1 on this data (lecture 8's bound).
      assert.ok(Math.min(...plain) > 1 - 1e-4, `plain NODE: ${Math.min(...plain)}`);
      assert.ok(Math.min(...anode) < 0.05, `ANODE best: ${Math.min(...anode)}`);
    });

    await lecture.pretrained(t, "pretrained anode-toy: the manifest's held-out MSEs", {
      kind: KIND,
      until: "d.anodeMse !== undefined && d.state === 'paused'",
      timeout: 120_000,
      demo: WORKER,
    }, (d) => {
      const anode = ANODE.metrics["ANODE MSE"];
      const plain = ANODE.metricsFast["plain NODE MSE"];
      assert.equal(Number(d.anodeMseExpected), anode);
      assert.equal(Number(d.plainMseExpected), plain);
      // The shipped weights on the same held-out points: float32 round-off only.
      assert.ok(
        Math.abs(Number(d.anodeMse) - anode) < 1e-3 * anode + 1e-6,
        `ANODE MSE ${d.anodeMse} in the browser vs ${anode} in the manifest`,
      );
      // Retrained here with the recipe's seed, data and schedule: the bound, not a copy.
      assert.ok(Number(d.plainMse) > 1 - 1e-4, `plain NODE MSE ${d.plainMse}`);
      assert.ok(Math.abs(Number(d.plainMse) - plain) < 0.01, `${d.plainMse} vs ${plain}`);
    });
  },
  { pageTimeout: 120_000 },
);

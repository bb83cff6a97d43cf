/**
 * The live demos in headless Chromium (WebGPU through SwiftShader): the solver demos agree with
 * lib/ run in Deno; the Neural ODE trains on webgpu, webgl and cpu (forced with ?backend=), its
 * loss decreases and the three backends agree; the pretrained weights load and reproduce the
 * manifest's metric; direct and adjoint gradients agree, and only direct backprop's memory grows.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { solve } from "../../lib/ode/mod.ts";
import { vanDerPolField } from "../../lib/data/vdp.ts";
import { linspace } from "../../lib/data/linspace.ts";
import { lectureSuite, runDemo, SHIPPED, trainDemo, trainOnThreeBackends } from "./_browser.ts";

const L1 = "/lectures/01-odes-and-solvers/";
const L2 = "/lectures/02-neural-odes/";
const STEPS = 3;

lectureSuite(
  "site demos: solvers, training on three backends, pretrained weights, adjoint",
  L2,
  async (t, lecture) => {
    await lecture.step(t, "lecture 1: playground and race match lib/ode run in Deno", async (
      page,
    ) => {
      const play = await runDemo(
        page,
        "solver-playground",
        "start",
        "d.nfe !== undefined",
        120_000,
      );
      assert.equal(play.backend, "cpu", "solver demos default to the cpu backend");
      // Same problem in Deno: VDP µ=1 from (1, 0), dopri5 rtol 1e-4 atol 1e-5, t ∈ [0, 15].
      await tf.setBackend("cpu");
      const { ys, stats } = solve(vanDerPolField(1), tf.tensor1d([1, 0]), linspace(0, 15, 301), {
        method: "dopri5",
        rtol: 1e-4,
        atol: 1e-5,
      });
      ys.dispose();
      assert.equal(Number(play.nfe), stats.nfe, "the page's NFE is lib's NFE");
      assert.ok(Number(play.error) < 1e-2, `dopri5 error ${play.error}`);
      const race = await runDemo(page, "solver-race", "start", "d.race !== undefined", 120_000);
      const rows = JSON.parse(race.race!) as { method: string; nfe: number; error: number }[];
      assert.deepEqual(rows.map((r) => r.method), [
        "euler",
        "midpoint",
        "rk4",
        "bosh3",
        "dopri5",
        "tsit5",
      ]);
      const by = Object.fromEntries(rows.map((r) => [r.method, r]));
      assert.ok(by.rk4.error < by.euler.error / 10, "rk4 beats euler by far");
      assert.equal(by.dopri5.nfe, stats.nfe, "race's dopri5 is the same solve");
    }, { path: L1 });

    await lecture.pretrained(t, "pretrained node-vdp weights reproduce the manifest's metric", {
      kind: "node-training",
      until: "d.rmse !== undefined",
      timeout: 60_000,
    }, (d) => {
      const expected = SHIPPED["node-vdp"].metrics["held-out RMSE"];
      assert.equal(Number(d.rmseExpected), expected);
      assert.ok(
        Math.abs(Number(d.rmse) - expected) <= 0.01 * expected + 1e-3,
        `held-out RMSE ${d.rmse} in the browser vs ${expected} in the manifest`,
      );
    });

    await lecture.step(t, "adjoint and direct gradients agree; only direct memory grows", async (
      page,
    ) => {
      const d = await runDemo(
        page,
        "adjoint-compare",
        "start",
        "d.gradDiff !== undefined",
        120_000,
      );
      assert.ok(Number(d.gradDiff) < 1e-3, `relative gradient difference ${d.gradDiff}`);
      const mem = JSON.parse(d.memory!) as { w: number; m: string; kb: number }[];
      const direct = mem.filter((r) => r.m === "direct").map((r) => r.kb);
      const adjoint = mem.filter((r) => r.m === "adjoint").map((r) => r.kb);
      assert.ok(direct[direct.length - 1] > 3 * direct[0], `direct memory ${direct}`);
      assert.ok(
        adjoint[adjoint.length - 1] < direct[direct.length - 1] / 5,
        `adjoint ${adjoint}`,
      );
    }, { backend: "cpu" });
    await trainOnThreeBackends(
      t,
      `lecture 2: ${STEPS} training steps`,
      STEPS,
      (backend) =>
        trainDemo(lecture.site, backend, {
          path: L2,
          kind: "node-training",
          steps: STEPS,
          timeout: backend === "webgpu" ? 200_000 : 90_000,
          pause: true,
        }),
      { tolerance: 2e-2 },
    );
  },
);

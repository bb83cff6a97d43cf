/**
 * Exercise 3: the adaptive dopri5 step. Checked against dopri5 worked out in float64 for
 * dy/dt = −y, error ratios and controller factors computed by hand, torchdiffeq's evaluation and
 * step counts on Van der Pol (338 evaluations, 34 accepted, 22 rejected steps at rtol 1e-3,
 * atol 1e-4), DOP853's solution, and the library's versions on seeded random inputs.
 */
import { embeddedStep } from "./embedded_step.ts";
import { errorRatio } from "./error_ratio.ts";
import { nextStepSize } from "./next_step_size.ts";
import { adaptiveStep } from "./adaptive_step.ts";
import * as reference from "../../lib/ode/plain/adaptive_step.ts";
import { adaptiveSolve } from "../../lib/ode/plain/adaptive_solve.ts";
import { solve } from "../../lib/ode/solve.ts";
import { rkStages } from "../../lib/ode/plain/runge_kutta.ts";
import { BOSH3, DOPRI5 } from "../../lib/ode/tableaux.ts";
import { vanDerPolField } from "../../lib/data/vdp.ts";
import { VDP_MU1 } from "../_kit/reference.ts";
import {
  countingField,
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  seededTensor,
  take,
  tf,
} from "../_kit/testing.ts";

const decay = (_t: number, y: tf.Tensor) => tf.neg(y);

/** dopri5 on dy/dt = −y from y = 1, in float64: stages, solution and error estimate. */
function dopri5Decay(h: number): { y1: number; err: number } {
  const k: number[] = [];
  DOPRI5.c.forEach((_, i) => {
    const yi = 1 + h * DOPRI5.a[i].reduce((s, aij, j) => s + aij * k[j], 0);
    k.push(-yi);
  });
  const sum = (w: readonly number[]) => h * w.reduce((s, wi, i) => s + wi * k[i], 0);
  return { y1: 1 + sum(DOPRI5.b), err: sum(DOPRI5.e!) };
}

Deno.test("task 3.1 embeddedStep on dy/dt = −y gives dopri5's solution and error estimate", () => {
  const y = tf.tensor([1]);
  const h = 0.5;
  const k = rkStages(decay, DOPRI5, 0, y, h);
  const { y1, err } = embeddedStep(y, k, DOPRI5, h);
  const want = dopri5Decay(h);
  const ctx = {
    call: "embeddedStep(y = [1], stages of dy/dt = −y, DOPRI5, h = 0.5)",
    likelyCause: "y1 = y + h·Σ b_i·k_i and err = h·Σ e_i·k_i (both need the factor h)",
  };
  expectClose(y1, [want.y1], { ...ctx, call: `${ctx.call}: y1` }, { atol: 1e-6 });
  expectClose(err, [want.err], { ...ctx, call: `${ctx.call}: err` }, { atol: 1e-7, rtol: 1e-3 });
  // The truth, for scale: dopri5 is fifth order, its error estimate is of the fourth-order pair.
  expectTrue(Math.abs(want.y1 - Math.exp(-h)) < Math.abs(want.err), ctx, "(test self-check)");
  tf.dispose([y, y1, err, ...k]);
});

Deno.test("task 3.1 embeddedStep matches the library on seeded random stages (dopri5, bosh3)", () => {
  expectEvery([DOPRI5, BOSH3], (tableau, n) => {
    const y = seededTensor([3, 2], 60 + n);
    const k = tableau.c.map((_, i) => seededTensor([3, 2], 70 + 10 * n + i));
    const ctx = { call: `embeddedStep(y, k, ${tableau.name}, h = 0.3) with random y and stages` };
    const got = expectNoLeak(() => embeddedStep(y, k, tableau, 0.3), () => 2, ctx);
    const want = reference.embeddedStep(y, k, tableau, 0.3);
    expectClose(got.y1, want.y1, { ...ctx, call: `${ctx.call}: y1` });
    expectClose(got.err, want.err, { ...ctx, call: `${ctx.call}: err` }, { atol: 1e-7 });
    tf.dispose([y, ...k, got.y1, got.err, want.y1, want.err]);
  });
});

Deno.test("task 3.2 errorRatio equals the RMS of the scaled error, computed by hand", () => {
  const err = tf.tensor([[1e-4, -3e-4], [2e-5, 0]]);
  const y0 = tf.tensor([[1, -2], [0.5, 0]]);
  const y1 = tf.tensor([[1.5, -1], [-0.1, 0]]);
  const [rtol, atol] = [1e-3, 1e-4];
  const scaled = [
    1e-4 / (atol + rtol * 1.5),
    -3e-4 / (atol + rtol * 2),
    2e-5 / (atol + rtol * 0.5),
    0,
  ];
  const want = Math.sqrt(scaled.reduce((s, v) => s + v * v, 0) / 4);
  const ctx = {
    call: "errorRatio(err, y0, y1, rtol = 1e-3, atol = 1e-4)",
    input: { err, y0, y1 },
    likelyCause:
      "scale = atol + rtol·max(|y0|, |y1|) elementwise; ratio = sqrt(mean((err/scale)²))",
  };
  const got = expectNoLeak(() => errorRatio(err, y0, y1, rtol, atol), () => 0, ctx);
  expectTrue(typeof got === "number", ctx, `expected a plain number, got ${typeof got}`);
  expectClose(got, want, ctx, { rtol: 1e-5, atol: 0 });
  tf.dispose([err, y0, y1]);
});

Deno.test("task 3.2 errorRatio matches the library on seeded random states", () => {
  expectEvery([1, 2, 3], (seed) => {
    const err = seededTensor([4, 3], 80 + seed, -1e-3, 1e-3);
    const y0 = seededTensor([4, 3], 90 + seed, -3, 3);
    const y1 = seededTensor([4, 3], 100 + seed, -3, 3);
    const got = errorRatio(err, y0, y1, 1e-4, 1e-6);
    const want = reference.errorRatio(err, y0, y1, 1e-4, 1e-6);
    expectClose(got, want, { call: "errorRatio(err, y0, y1, 1e-4, 1e-6), random [4, 3] tensors" }, {
      rtol: 1e-5,
    });
    tf.dispose([err, y0, y1]);
  });
});

Deno.test("task 3.3 nextStepSize follows the clipped controller in every regime", () => {
  const cases: [number, number, number, string][] = [
    [0.5, 5, 0.9 * 0.5 ** -0.2, "accepted, ratio 0.5: grow by 0.9·r^(−1/5)"],
    [0.99, 5, 1, "accepted, ratio 0.99: 0.9·r^(−1/5) < 1, but an accepted step never shrinks"],
    [1e-9, 5, 10, "tiny ratio: growth is capped at 10"],
    [0, 5, 10, "ratio 0 (an exact step): the maximum growth"],
    [2, 5, 0.9 * 2 ** -0.2, "rejected, ratio 2: shrink by 0.9·r^(−1/5)"],
    [1, 3, 0.9, "ratio exactly 1 is accepted but the floor 1 is for ratio < 1 only: 0.9"],
    [1e6, 5, 0.2, "huge ratio: shrinking is capped at 0.2"],
    [Infinity, 5, 0.2, "an overflowed step (ratio ∞): the maximum shrink"],
    [NaN, 5, 0.2, "a NaN ratio: the maximum shrink"],
  ];
  expectEvery(cases, ([ratio, order, factor, why]) => {
    const got = nextStepSize(0.1, ratio, order);
    expectClose(got, 0.1 * factor, {
      call: `nextStepSize(dt = 0.1, ratio = ${ratio}, order = ${order})`,
      likelyCause: why,
    }, { rtol: 1e-9, atol: 0 });
  });
});

Deno.test("task 3.4 adaptiveStep accepts a small step and rejects a large one", () => {
  const y = tf.tensor([1]);
  const f0 = tf.tensor([-1]);
  const tol = { rtol: 1e-5, atol: 1e-8 };
  // In float64 the error ratios are 0.147 (h = 0.3) and 23.9 (h = 0.8).
  expectEvery([[0.3, true], [0.8, false]] as const, ([h, accept]) => {
    const exact = dopri5Decay(h);
    const ratio = Math.abs(exact.err) / (tol.atol + tol.rtol * Math.max(1, Math.abs(exact.y1)));
    const ctx = {
      call: `adaptiveStep(f, DOPRI5, 0, y = [1], f0 = [−1], h = ${h}, rtol 1e-5, atol 1e-8) ` +
        "with f(t, y) = −y",
      input: { y, f0 },
      likelyCause: "accepted = ratio ≤ 1; hNext = nextStepSize(h, ratio, tableau.order)",
    };
    // It returns y1 and the stages k (k[0] is the f0 given): the error estimate must be freed,
    // whether the step is accepted or rejected.
    const { f, calls } = countingField(decay);
    const step = expectNoLeak(
      () => adaptiveStep(f, DOPRI5, 0, y, f0, h, tol),
      (r) => 1 + r.k.filter((ki) => ki !== f0).length,
      ctx,
    );
    expectTrue(
      calls.length === DOPRI5.c.length - 1,
      { ...ctx, likelyCause: "f0 = f(t, y) is given: pass it to rkStages as k1, not call f again" },
      `f was called ${calls.length} times, expected ${DOPRI5.c.length - 1} (7 stages, the first ` +
        "given)",
    );
    expectTrue(step.accepted === accept, ctx, `accepted = ${step.accepted}, expected ${accept}`);
    expectClose(step.ratio, ratio, { ...ctx, call: `${ctx.call}: ratio` }, { rtol: 5e-2 });
    expectClose(step.hNext, h * Math.min(10, Math.max(0.9 * ratio ** -0.2, accept ? 1 : 0.2)), {
      ...ctx,
      call: `${ctx.call}: hNext`,
    }, { rtol: 2e-2 });
    expectClose(step.y1, [exact.y1], { ...ctx, call: `${ctx.call}: y1` }, { atol: 1e-6 });
    tf.dispose([step.y1, ...step.k.slice(1)]);
  });
  tf.dispose([y, f0]);
});

Deno.test("task 3.4 adaptiveStep accepts a step whose error ratio is exactly 1", () => {
  const y = tf.tensor([1]);
  const f0 = tf.tensor([-1]);
  expectEvery([0.3, 0.8], (h) => {
    // With rtol 0 and atol = |err| of this very step (the library's stages and error estimate,
    // in float32), err / atol is exactly 1, and so is the ratio: on the boundary of the rule.
    const k = rkStages(decay, DOPRI5, 0, y, h, f0);
    const { y1, err } = reference.embeddedStep(y, k, DOPRI5, h);
    const atol = Math.abs(take(err)[0]);
    tf.dispose([y1, ...k.slice(1)]);
    const tol = { rtol: 0, atol };
    const ctx = {
      call: `adaptiveStep(f, DOPRI5, 0, y = [1], f0 = [−1], h = ${h}, rtol 0, atol = |err| ≈ ` +
        `${atol.toExponential(4)}) with f(t, y) = −y (error ratio exactly 1)`,
      likelyCause: "the accept test is strict (ratio < 1): a step is accurate enough when its " +
        "error ratio is at most 1 (torchdiffeq accepts ratio ≤ 1)",
    };
    const step = expectNoLeak(
      () => adaptiveStep(decay, DOPRI5, 0, y, f0, h, tol),
      (r) => 1 + r.k.filter((ki) => ki !== f0).length,
      { ...ctx, input: { y, f0 } },
    );
    tf.dispose([step.y1, ...step.k.filter((ki) => ki !== f0)]);
    expectClose(step.ratio, 1, {
      ...ctx,
      call: `${ctx.call}: ratio`,
      likelyCause: "the ratio is errorRatio(err, y, y1, tol.rtol, tol.atol) of this step's own " +
        "error estimate, with the tolerances as given",
    }, {
      atol: 0,
      rtol: 1e-6,
    });
    expectTrue(step.accepted === true, ctx, `accepted = ${step.accepted}, expected true`);
  });
  tf.dispose([y, f0]);
});

Deno.test("task 3.4 solving Van der Pol with adaptiveStep takes torchdiffeq's steps", () => {
  const { rtol, atol, nfe, accepted, rejected } = VDP_MU1.dopri5Loose;
  const y0 = tf.tensor(VDP_MU1.y0);
  const { f, calls } = countingField(vanDerPolField(1));
  const ctx = {
    call: `adaptiveSolve(Van der Pol µ = 1, y0 = [1, 0], t = [0, 15], dopri5, rtol ${rtol}, ` +
      `atol ${atol}) using your adaptiveStep`,
    likelyCause: "",
  };
  const { ys, stats } = adaptiveSolve(f, y0, [0, VDP_MU1.tEnd], { rtol, atol }, {
    step: adaptiveStep,
  });
  // Same steps but more evaluations: f0 was not reused; other steps: the accept rule or the
  // step-size update differs.
  const sameSteps = stats.accepted === accepted && stats.rejected === rejected;
  ctx.likelyCause = sameSteps
    ? "f0 not reused as the first stage: each trial step must cost 6 evaluations, not 7"
    : "a different accept rule or step-size update than accepted = ratio ≤ 1 and " +
      "hNext = nextStepSize(h, ratio, tableau.order)";
  expectTrue(
    calls.length === nfe && sameSteps,
    ctx,
    `torchdiffeq: ${nfe} evaluations, ${accepted} accepted and ${rejected} rejected steps`,
    `yours:       ${calls.length} evaluations, ${stats.accepted} accepted and ` +
      `${stats.rejected} rejected steps`,
  );
  const end = take(ys).slice(2);
  // torchdiffeq's own error at this tolerance is 0.14 at t = 15; allow the same.
  expectClose(end, VDP_MU1.truthAtEnd, { ...ctx, call: `${ctx.call}: y(15) vs DOP853` }, {
    atol: 0.15,
  });
  y0.dispose();
});

Deno.test("task 3.4 adaptiveStep matches the library at tight tolerance (DOP853 truth)", () => {
  const y0 = tf.tensor(VDP_MU1.y0);
  const tol = { rtol: 1e-6, atol: 1e-8 };
  const t = [0, VDP_MU1.sampleT[5]];
  const mine = adaptiveSolve(vanDerPolField(1), y0, t, tol, { step: adaptiveStep });
  const theirs = solve(vanDerPolField(1), y0, t, tol);
  const ctx = {
    call: "adaptiveSolve(Van der Pol, [0, 7.515], rtol 1e-6, atol 1e-8) with your step",
  };
  expectTrue(
    mine.stats.nfe === theirs.stats.nfe,
    ctx,
    `evaluations: yours ${mine.stats.nfe}, the library's ${theirs.stats.nfe}`,
  );
  const truth = VDP_MU1.truthAtSampleT[5];
  expectClose(take(mine.ys).slice(2), truth, { ...ctx, call: `${ctx.call}: y(7.515) vs DOP853` }, {
    atol: 1e-3,
  });
  take(theirs.ys);
  y0.dispose();
});

/**
 * Exercise 4: dense output. Checked on polynomials the cubic Hermite must reproduce exactly, on
 * sin(t) with its known slopes (its error shrinks as h⁴), on Van der Pol against DOP853's solution at
 * the reference times, and against the library's versions on seeded random inputs.
 */
import { hermiteInterpolate } from "./hermite_interpolate.ts";
import { denseOutputAt } from "./dense_output_at.ts";
import * as reference from "../../lib/ode/plain/dense_output.ts";
import { adaptiveSolve } from "../../lib/ode/plain/adaptive_solve.ts";
import { vanDerPolField } from "../../lib/data/vdp.ts";
import { VDP_MU1 } from "../_kit/reference.ts";
import {
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  observedOrder,
  seededTensor,
  take,
  tf,
} from "../_kit/testing.ts";

type DenseStep = reference.DenseStep;

/** A step of y(t) = (sin t, t³ − 2t) from t0 to t0 + h, with exact values and slopes. */
function exactStep(t0: number, h: number): DenseStep {
  const y = (t: number) => tf.tensor([Math.sin(t), t ** 3 - 2 * t]);
  const f = (t: number) => tf.tensor([Math.cos(t), 3 * t * t - 2]);
  return { t0, h, y0: y(t0), f0: f(t0), y1: y(t0 + h), f1: f(t0 + h) };
}

function disposeSteps(steps: DenseStep[]): void {
  tf.dispose(steps.flatMap((s) => [s.y0, s.f0, s.y1, s.f1]));
}

Deno.test("task 4.1 hermiteInterpolate passes through both ends and is exact for cubics", () => {
  const s = exactStep(0.5, 0.8);
  expectEvery([0, 0.25, 0.6, 1], (x) => {
    const t = 0.5 + 0.8 * x;
    const got = hermiteInterpolate(x, s.h, s.y0, s.f0, s.y1, s.f1);
    // The second component is the cubic t³ − 2t: reproduced exactly at every x.
    const ctx = {
      call: `hermiteInterpolate(x = ${x}, h = 0.8, …) for y(t) = t³ − 2t on [0.5, 1.3]`,
      likelyCause: "the four basis polynomials, or the factor h on the slopes f0 and f1",
    };
    expectClose(take(got)[1], t ** 3 - 2 * t, ctx, { atol: 2e-5 });
  });
  disposeSteps([s]);
});

Deno.test("task 4.1 hermiteInterpolate's error on sin(t) shrinks as h⁴ (third order, as ODE methods count)", () => {
  const hs = [0.8, 0.4, 0.2];
  const errors = hs.map((h) => {
    const s = exactStep(0.3, h);
    const got = take(hermiteInterpolate(0.5, h, s.y0, s.f0, s.y1, s.f1))[0];
    disposeSteps([s]);
    return Math.abs(got - Math.sin(0.3 + h / 2));
  });
  const order = observedOrder(hs, errors);
  expectTrue(
    order > 3.6 && order < 4.4,
    {
      call: "hermiteInterpolate at the middle of steps of sin(t), h = 0.8, 0.4, 0.2",
      likelyCause:
        "a wrong basis polynomial drops the order (a missing h on a slope drops it most)",
    },
    `errors ${errors.map((e) => e.toExponential(2)).join(", ")}`,
    `error ∝ h^${order.toFixed(2)}, expected h⁴`,
  );
});

Deno.test("task 4.1 hermiteInterpolate matches the library on seeded random inputs", () => {
  const [y0, f0, y1, f1] = [1, 2, 3, 4].map((seed) => seededTensor([3, 2], 110 + seed));
  expectEvery([[0.1, 0.5], [0.77, 2], [0.5, -0.3]], ([x, h]) => {
    const ctx = { call: `hermiteInterpolate(x = ${x}, h = ${h}, y0, f0, y1, f1) (random [3, 2])` };
    const got = expectNoLeak(() => hermiteInterpolate(x, h, y0, f0, y1, f1), () => 1, ctx);
    const want = reference.hermiteInterpolate(x, h, y0, f0, y1, f1);
    expectClose(got, want, ctx);
    tf.dispose([got, want]);
  });
  tf.dispose([y0, f0, y1, f1]);
});

Deno.test("task 4.2 denseOutputAt picks the step around each requested time", () => {
  // Unequal steps on [0, 2]; times in any order, on and between step boundaries.
  const bounds = [0, 0.3, 0.5, 1.1, 1.4, 2];
  const steps = bounds.slice(0, -1).map((t0, i) => exactStep(t0, bounds[i + 1] - t0));
  const times = [1.7, 0, 0.3, 0.45, 2, 1.1, 0.9];
  const ctx = {
    call: `denseOutputAt(steps on [${bounds}], times = [${times}]) for y(t) = (sin t, t³ − 2t)`,
    likelyCause: "each time must use the step [t0, t0 + h] that contains it, at x = (time − t0)/h",
  };
  const got = expectNoLeak(() => denseOutputAt(steps, times), () => 1, ctx);
  const want = times.map((t) => [Math.sin(t), t ** 3 - 2 * t]);
  expectClose(got, want, ctx, { atol: 3e-4 });
  got.dispose();
  disposeSteps(steps);
});

Deno.test("task 4.2 denseOutputAt gives Van der Pol at the reference times (DOP853 truth)", () => {
  const y0 = tf.tensor(VDP_MU1.y0);
  const { ys } = adaptiveSolve(vanDerPolField(1), y0, VDP_MU1.sampleT, { rtol: 1e-6, atol: 1e-8 }, {
    denseOutput: denseOutputAt,
  });
  // The steps are ~0.1–0.3 long here; Hermite's error at this tolerance measured 1.8e-4.
  expectClose(ys, VDP_MU1.truthAtSampleT, {
    call: "adaptiveSolve(Van der Pol µ = 1, 11 output times on [0, 15], rtol 1e-6) with your " +
      "denseOutputAt",
    likelyCause: "outputs taken from the wrong step, or x not scaled to [0, 1] inside the step",
  }, { atol: 5e-4 });
  tf.dispose([y0, ys]);
});

Deno.test("task 4.2 denseOutputAt matches the library on seeded random steps", () => {
  const steps: DenseStep[] = [0, 1, 2].map((i) => ({
    t0: [0, 0.4, 1.5][i],
    h: [0.4, 1.1, 0.2][i],
    y0: seededTensor([2, 2], 120 + i),
    f0: seededTensor([2, 2], 130 + i),
    y1: seededTensor([2, 2], 140 + i),
    f1: seededTensor([2, 2], 150 + i),
  }));
  const times = [0.05, 1.7, 0.4, 0.9, 1.5, 1.6];
  const got = denseOutputAt(steps, times);
  const want = reference.denseOutputAt(steps, times);
  expectClose(got, want, { call: `denseOutputAt(3 random steps on [0, 1.7], times = [${times}])` });
  tf.dispose([got, want]);
  disposeSteps(steps);
});

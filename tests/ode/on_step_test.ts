/**
 * SolveOptions.onStep: adaptive solves report every trial step (t, dt, error ratio, accepted)
 * without changing anything — same states, same statistics, with or without the hook, sync or
 * async — and the reports are consistent with the algorithm: accepted trials tile the interval,
 * a rejected trial is retried from the same time with a smaller step, and a step accepted with
 * r < 1 is never followed by a smaller one (the controller's floor). Fixed-step methods reject
 * the option, and a hook that throws leaks nothing.
 */
import assert from "node:assert/strict";
import { expectNoLeak, maxAbsDiff, tf, vanDerPol } from "../_setup.ts";
import {
  type MethodName,
  OdeArgumentError,
  solve,
  solveAsync,
  type SolveOptions,
} from "../../lib/ode/mod.ts";
import type { StepTrial } from "../../lib/ode/stats.ts";
import { nextStepSize } from "../../lib/ode/step_control.ts";

const ADAPTIVE: MethodName[] = ["bosh3", "dopri5", "tsit5"];

function record(options: SolveOptions): { trials: StepTrial[]; options: SolveOptions } {
  const trials: StepTrial[] = [];
  return { trials, options: { ...options, onStep: (s) => trials.push(s) } };
}

/** Checks the trials of one solve against its statistics and the controller. */
function checkTrials(trials: StepTrial[], stats: { accepted: number; rejected: number }) {
  assert.equal(trials.filter((s) => s.accepted).length, stats.accepted);
  assert.equal(trials.filter((s) => !s.accepted).length, stats.rejected);
  for (const [i, s] of trials.entries()) {
    assert.equal(s.accepted, s.ratio <= 1, `trial ${i}: accepted exactly when ratio ≤ 1`);
    const next = trials[i + 1];
    if (!next) continue;
    if (s.accepted) {
      assert.ok(Math.abs(next.t - (s.t + s.dt)) <= 1e-12 * Math.max(1, Math.abs(s.t)));
      if (s.ratio < 1) {
        assert.ok(
          Math.abs(next.dt) >= Math.abs(s.dt),
          `trial ${i} was accepted with r = ${s.ratio} < 1, yet the next step shrank`,
        );
      }
    } else {
      assert.equal(next.t, s.t, `trial ${i} was rejected: the retry starts from the same t`);
      assert.ok(Math.abs(next.dt) < Math.abs(s.dt), `trial ${i} was rejected: smaller retry`);
    }
  }
}

for (const method of ADAPTIVE) {
  Deno.test(`onStep: ${method} reports every trial and changes nothing`, async () => {
    await expectNoLeak(() => {
      const y0 = tf.tensor1d([2, 0]);
      const t = [0, 1.5, 4, 10];
      const options: SolveOptions = { method, rtol: 1e-5, atol: 1e-7 };
      const plain = solve(vanDerPol(5), y0, t, options);
      const rec = record(options);
      const hooked = solve(vanDerPol(5), y0, t, rec.options);
      assert.deepEqual(hooked.stats, plain.stats);
      assert.equal(maxAbsDiff(hooked.ys.dataSync(), plain.ys.dataSync()), 0);
      tf.dispose([y0, plain.ys, hooked.ys]);
      checkTrials(rec.trials, hooked.stats);
      assert.ok(hooked.stats.rejected > 0, "the case exercises rejections");
      assert.equal(rec.trials[0].t, 0);
      const last = rec.trials.filter((s) => s.accepted).at(-1)!;
      assert.ok(last.t < 10 && last.t + last.dt >= 10, "the last accepted step passes t = 10");
    });
  });
}

Deno.test("onStep: a backward solve reports caller's time and negative steps", () => {
  const y0 = tf.tensor1d([1.2, 0]);
  const rec = record({ rtol: 1e-5, atol: 1e-7 });
  const { ys, stats } = solve(vanDerPol(1), y0, [3, 1, 0], rec.options);
  tf.dispose([y0, ys]);
  assert.equal(rec.trials[0].t, 3);
  assert.ok(rec.trials.every((s) => s.dt < 0));
  checkTrials(rec.trials, stats);
  const last = rec.trials.filter((s) => s.accepted).at(-1)!;
  assert.ok(last.t + last.dt <= 0);
});

Deno.test("onStep: solveAsync reports the same trials as solve", async () => {
  const y0 = tf.tensor1d([2, 0]);
  const sync = record({ method: "dopri5", rtol: 1e-4, atol: 1e-6 });
  const async = record({ method: "dopri5", rtol: 1e-4, atol: 1e-6 });
  const a = solve(vanDerPol(5), y0, [0, 6], sync.options);
  const b = await solveAsync(vanDerPol(5), y0, [0, 6], async.options);
  tf.dispose([y0, a.ys, b.ys]);
  assert.deepEqual(async.trials, sync.trials);
});

Deno.test("onStep: fixed-step methods and non-functions are refused with a fix", () => {
  const y0 = tf.tensor1d([1, 0]);
  try {
    for (const method of ["euler", "rk4"] as MethodName[]) {
      assert.throws(
        () => solve(vanDerPol(1), y0, [0, 1], { method, onStep: () => {} }),
        (e: unknown) =>
          e instanceof OdeArgumentError && /options\.onStep/.test(e.message) &&
          /Fix:/.test(e.message),
      );
    }
    assert.throws(
      () =>
        solve(vanDerPol(1), y0, [0, 1], {
          onStep: 3 as unknown as SolveOptions["onStep"],
        }),
      OdeArgumentError,
    );
  } finally {
    y0.dispose();
  }
});

Deno.test("onStep: a hook that throws stops the solve and leaks nothing", async () => {
  await expectNoLeak(() => {
    const y0 = tf.tensor1d([2, 0]);
    let calls = 0;
    assert.throws(
      () =>
        solve(vanDerPol(5), y0, [0, 5], {
          onStep: () => {
            if (++calls === 7) throw new Error("enough");
          },
        }),
      /enough/,
    );
    y0.dispose();
    assert.equal(calls, 7);
  });
});

Deno.test("controller: a step accepted with r < 1 never shrinks; r ≥ 1 always does", () => {
  for (const order of [3, 5]) {
    for (let i = 0; i <= 1000; i++) {
      const r = i / 1000;
      const factor = nextStepSize(1, r, order);
      if (r < 1) assert.ok(factor >= 1 && factor <= 10, `order ${order}, r = ${r}: ${factor}`);
      else assert.ok(factor < 1, `r = 1 is accepted but still shrinks (0.9×): ${factor}`);
    }
    for (const r of [1.0001, 1.5, 3, 1e3, 1e12, Infinity, NaN]) {
      const factor = nextStepSize(1, r, order);
      assert.ok(factor >= 0.2 && factor < 1, `order ${order}, r = ${r}: ${factor}`);
    }
  }
  assert.equal(nextStepSize(1, 0, 5), 10);
  assert.equal(nextStepSize(2, 0.9 ** 5, 5), 2, "the safety factor and the floor meet at 0.9⁵");
});

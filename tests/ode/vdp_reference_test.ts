/**
 * Van der Pol and DETEST class A against torchdiffeq's reference numbers
 * (tests/fixtures/reference/torchdiffeq_vdp_detest.json, float64 torchdiffeq; ground truth by
 * DOP853 at 1e-12). We run in float32, so errors are compared with max(2 × torchdiffeq's, 2e-5).
 */
import assert from "node:assert/strict";
import { solve } from "../../lib/mod.ts";
import { linspace, loadReference, maxAbsDiff, tf, vanDerPol } from "../_setup.ts";

interface Dopri5Ref {
  nfe: number;
  accepted_steps: number;
  rejected_steps: number;
  max_abs_err: number;
  x_at_sample_t: number[][] | number[][][];
}
interface Case {
  ground_truth: { y0: number[]; x_at_sample_t: number[][] }[];
  dopri5: Record<string, Dopri5Ref>;
}
interface FixedRef {
  nfe: number;
  max_abs_err: number;
  x_at_sample_t: number[][][];
}
interface DetestRef {
  problem: string;
  t: number[];
  exact_at_20: number;
  [tol: string]: unknown;
}
interface Reference {
  vdp: {
    sample_indices: number[];
    "mu=1,x0=[1,0]": Case;
    "mu=5,x0=[[-2,-3],[-2,3]]": Case & { "fixed_grid_step_0.01": Record<string, FixedRef> };
  };
  detest_class_A_dopri5: Record<string, DetestRef>;
}

const ref = loadReference<Reference>("torchdiffeq_vdp_detest.json");
const T = linspace(0, 15, 500);
const TOLERANCES: [number, number, string][] = [
  [1e-3, 1e-4, "rtol=0.001,atol=0.0001"],
  [1e-6, 1e-8, "rtol=1e-06,atol=1e-08"],
  [1e-7, 1e-9, "rtol=1e-07,atol=1e-09"],
];

/** Solution rows at the reference's sample indices, flattened per row. */
function samples(ys: tf.Tensor): number[][] {
  const all = ys.reshape([ys.shape[0], -1]).arraySync() as number[][];
  return ref.vdp.sample_indices.map((i) => all[i]);
}

function maxErr(got: number[][], want: number[][]): number {
  return Math.max(...got.map((row, i) => maxAbsDiff(row, want[i])));
}

function within5Percent(got: number, want: number, what: string) {
  assert.ok(
    Math.abs(got - want) <= 0.05 * want,
    `${what}: NFE ${got} is not within ±5% of torchdiffeq's ${want}`,
  );
}

Deno.test("VDP µ=1 from [1,0] on t∈[0,15]: dopri5 matches torchdiffeq's NFE and error", async (t) => {
  const c = ref.vdp["mu=1,x0=[1,0]"];
  const truth = c.ground_truth[0].x_at_sample_t;
  for (const [rtol, atol, key] of TOLERANCES) {
    await t.step(key, () => {
      const y0 = tf.tensor([1, 0]);
      const { ys, stats } = solve(vanDerPol(1), y0, T, { rtol, atol });
      const r = c.dopri5[key];
      const err = maxErr(samples(ys), truth);
      tf.dispose([y0, ys]);
      assert.equal(stats.nfe, 2 + 6 * (stats.accepted + stats.rejected));
      within5Percent(stats.nfe, r.nfe, key);
      assert.ok(
        err <= Math.max(2 * r.max_abs_err, 2e-5),
        `${key}: max error ${err} vs torchdiffeq's ${r.max_abs_err}`,
      );
    });
  }
});

Deno.test("VDP µ=1 at the loosest tolerance takes torchdiffeq's exact steps (34 accepted, 22 rejected)", () => {
  const y0 = tf.tensor([1, 0]);
  const { ys, stats } = solve(vanDerPol(1), y0, T, { rtol: 1e-3, atol: 1e-4 });
  const r = ref.vdp["mu=1,x0=[1,0]"].dopri5["rtol=0.001,atol=0.0001"];
  // Same steps ⇒ the same solution, up to step sizes rounded through a float32 error ratio:
  // far closer to torchdiffeq's own numbers (< 2e-3) than to the truth (0.15 away).
  const diff = maxErr(samples(ys), r.x_at_sample_t as number[][]);
  tf.dispose([y0, ys]);
  assert.deepEqual([stats.accepted, stats.rejected], [r.accepted_steps, r.rejected_steps]);
  assert.ok(diff < 2e-3, `differs from torchdiffeq's own solution by ${diff}`);
});

Deno.test("VDP µ=5 with two initial values as one batched [2,2] system", async (t) => {
  const c = ref.vdp["mu=5,x0=[[-2,-3],[-2,3]]"];
  // Ground truth per trajectory, interleaved into rows of the batched state.
  const truth = ref.vdp.sample_indices.map((_, i) =>
    c.ground_truth.flatMap((g) => g.x_at_sample_t[i])
  );
  for (const [rtol, atol, key] of TOLERANCES) {
    await t.step(key, () => {
      const y0 = tf.tensor([[-2, -3], [-2, 3]]);
      const { ys, stats } = solve(vanDerPol(5), y0, T, { rtol, atol });
      assert.deepEqual(ys.shape, [500, 2, 2]);
      const r = c.dopri5[key];
      const err = maxErr(samples(ys), truth);
      tf.dispose([y0, ys]);
      within5Percent(stats.nfe, r.nfe, `µ=5 ${key}`);
      // µ=5's fast relaxation phases amplify float32 rounding: our error floors at ≈1.4e-4
      // for every rtol ≤ 1e-6 (measured down to rtol 1e-9), hence the 2e-4 floor.
      assert.ok(
        err <= Math.max(2 * r.max_abs_err, 2e-4),
        `µ=5 ${key}: max error ${err} vs torchdiffeq's ${r.max_abs_err}`,
      );
    });
  }
});

Deno.test("VDP µ=5 fixed grid (step 0.01): euler/midpoint match torchdiffeq, rk4_38 is its 'rk4'", async (t) => {
  const c = ref.vdp["mu=5,x0=[[-2,-3],[-2,3]]"];
  const fixed = c["fixed_grid_step_0.01"];
  const cases: [string, "euler" | "midpoint" | "rk4_38"][] = [
    ["euler", "euler"],
    ["midpoint", "midpoint"],
    ["rk4", "rk4_38"],
  ];
  for (const [refName, method] of cases) {
    await t.step(method, () => {
      const y0 = tf.tensor([[-2, -3], [-2, 3]]);
      const { ys, stats } = solve(vanDerPol(5), y0, T, { method, stepSize: 0.01 });
      const r = fixed[refName];
      const got = samples(ys);
      tf.dispose([y0, ys]);
      const want = r.x_at_sample_t.map((row) => row.flat());
      // torchdiffeq interpolates linearly between grid points and we use cubic Hermite, so the
      // sampled values agree up to the linear interpolation's error, which is O(h²)·|y''|.
      const diff = maxErr(got, want);
      assert.ok(diff < Math.max(0.05 * r.max_abs_err, 2e-3), `${method}: differs by ${diff}`);
      // Cubic interpolation costs at most one evaluation more than torchdiffeq's linear one.
      assert.ok(
        stats.nfe - r.nfe <= 1 && stats.nfe >= r.nfe,
        `${method}: NFE ${stats.nfe} vs ${r.nfe}`,
      );
    });
  }
});

Deno.test("VDP µ=1 run backward: decreasing times with the time-reversed field", async (t) => {
  // y(−s) of dy/dt = −f(y) is x(s) of the forward problem, so the same ground truth applies,
  // and since the solver flips time exactly, it must take torchdiffeq's forward steps.
  const c = ref.vdp["mu=1,x0=[1,0]"];
  const forward = vanDerPol(1);
  const reversedField = (s: number, y: tf.Tensor) => tf.tidy(() => tf.neg(forward(-s, y)));
  for (const [rtol, atol, key] of TOLERANCES) {
    await t.step(key, () => {
      const y0 = tf.tensor([1, 0]);
      const { ys, stats } = solve(reversedField, y0, T.map((x) => -x), { rtol, atol });
      const err = maxErr(samples(ys), c.ground_truth[0].x_at_sample_t);
      tf.dispose([y0, ys]);
      within5Percent(stats.nfe, c.dopri5[key].nfe, `backward ${key}`);
      assert.ok(err <= Math.max(2 * c.dopri5[key].max_abs_err, 2e-5), `backward ${key}: ${err}`);
    });
  }
});

Deno.test("VDP µ=1 backward from the t=15 state recovers the t≈10.5 state", () => {
  // Backward, the limit cycle repels, so rounding grows; 4.5 time units stay well inside 1e-4.
  const truth = ref.vdp["mu=1,x0=[1,0]"].ground_truth[0].x_at_sample_t;
  const tBack = ref.vdp.sample_indices[7] * 15 / 499;
  const y15 = tf.tensor(truth[10]);
  const { ys } = solve(vanDerPol(1), y15, linspace(15, tBack, 20), { rtol: 1e-7, atol: 1e-9 });
  const end = ys.slice([19], [1]).dataSync();
  tf.dispose([y15, ys]);
  const err = maxAbsDiff(end, truth[7]);
  assert.ok(err < 1e-4, `backward error ${err}`);
});

const DETEST_FIELDS: Record<string, (t: number, y: tf.Tensor) => tf.Tensor> = {
  A1: (_t, y) => tf.neg(y),
  A2: (_t, y) => tf.tidy(() => tf.mul(-0.5, tf.pow(y, 3))),
  A3: (t, y) => tf.mul(y, Math.cos(t)),
  A4: (_t, y) => tf.tidy(() => tf.mul(tf.mul(0.25, y), tf.sub(1, tf.div(y, 20)))),
};

Deno.test("DETEST A1–A4 with dopri5: NFE and error against torchdiffeq", async (t) => {
  for (const [name, field] of Object.entries(DETEST_FIELDS)) {
    for (const [tol, key] of [[1e-3, "tol=0.001"], [1e-6, "tol=1e-06"]] as const) {
      await t.step(`${name} at rtol=atol=${tol}`, () => {
        const r = ref.detest_class_A_dopri5[name];
        const want = r[key] as { nfe: number; abs_err: number };
        const y0 = tf.tensor([1]);
        const { ys, stats } = solve(field, y0, [0, 20], { rtol: tol, atol: tol });
        const y20 = ys.dataSync()[1];
        tf.dispose([y0, ys]);
        const err = Math.abs(y20 - r.exact_at_20);
        within5Percent(stats.nfe, want.nfe, `${name} tol=${tol}`);
        // float32 carries ~1e-7 relative: A4's solution is ≈17.7, so allow 2e-5 absolute.
        assert.ok(
          err <= Math.max(2 * want.abs_err, 2e-5),
          `${name} tol=${tol}: error ${err} vs torchdiffeq's ${want.abs_err}`,
        );
      });
    }
  }
});

/**
 * Exercise 6: a Neural ODE training step on Van der Pol sub-sequences. Windows are checked on a
 * tensor whose every value names its own position; the loss against the noise level it must
 * reach when the prediction is the noise-free solution (E[ε²] = σ², E|ε| = σ·√(2/π)); the
 * optimiser step against a hand-computed gradient step; and all three against the library.
 */
import { subsequenceBatch } from "./subsequence_batch.ts";
import { windowLoss } from "./window_loss.ts";
import { optimizerStep } from "./optimizer_step.ts";
import * as vdp from "../../lib/data/vdp.ts";
import * as node from "../../lib/models/node.ts";
import * as step from "../../lib/train/step.ts";
import { expectClose, expectEvery, expectNoLeak, expectTrue, tf } from "../_kit/testing.ts";

/** The data's solver tolerances: loose, since only the noise level matters here (and speed). */
const LOOSE = { rtol: 1e-4, atol: 1e-6 };

/** observed[t][n][d] = 100·t + 10·n + d: every value tells where it came from. */
function labelled(T: number, N: number, D: number): tf.Tensor3D {
  const values = Array.from(
    { length: T },
    (_, t) =>
      Array.from(
        { length: N },
        (_, n) => Array.from({ length: D }, (_, d) => 100 * t + 10 * n + d),
      ),
  );
  return tf.tensor3d(values);
}

Deno.test("task 6.1 subsequenceBatch cuts the windows of every trajectory at each start", () => {
  const observed = labelled(6, 2, 2);
  const t = [1, 1.5, 2, 2.5, 3, 3.5];
  const ctx = {
    call: "subsequenceBatch(observed [6, 2, 2], t = [1, 1.5, …, 3.5], starts = [3, 1], " +
      "length = 3), " +
      "observed[t][n][d] = 100·t + 10·n + d",
    likelyCause: "windows observed[s : s + length] for each start, concatenated along the " +
      "batch axis in the order of starts; y0 is each window's first time",
  };
  const batch = expectNoLeak(() => subsequenceBatch(observed, t, [3, 1], 3), () => 2, ctx);
  const row = (time: number) => [[time + 0, time + 1], [time + 10, time + 11]];
  const want = [0, 1, 2].map((k) => [...row(100 * (3 + k)), ...row(100 * (1 + k))]);
  expectClose(batch.target, want, { ...ctx, call: `${ctx.call}: target` }, { atol: 0 });
  expectClose(batch.y0, want[0], { ...ctx, call: `${ctx.call}: y0` }, { atol: 0 });
  expectClose(batch.t, [0, 0.5, 1], {
    ...ctx,
    call: `${ctx.call}: t (times from 0)`,
    likelyCause: "the windows' times counted from their start: t[0 … length − 1] − t[0]",
  });
  expectTrue(batch.starts.join() === "3,1", ctx, `starts = [${batch.starts}], expected [3, 1]`);
  tf.dispose([observed, batch.y0, batch.target]);
});

Deno.test("task 6.1 subsequenceBatch matches the library on Van der Pol data", () => {
  const data = vdp.makeVdpData({ count: 3, points: 20, seed: 4, ...LOOSE });
  const got = subsequenceBatch(data.observed, data.t, [7, 0, 12], 5);
  const want = vdp.subsequenceBatch(data.observed, data.t, [7, 0, 12], 5);
  const ctx = { call: "subsequenceBatch(VDP observed [20, 3, 2], t, starts [7, 0, 12], length 5)" };
  expectClose(got.target, want.target, { ...ctx, call: `${ctx.call}: target` });
  expectClose(got.y0, want.y0, { ...ctx, call: `${ctx.call}: y0` });
  expectClose(got.t, want.t, { ...ctx, call: `${ctx.call}: t` });
  vdp.disposeBatch(got);
  vdp.disposeBatch(want);
  vdp.disposeVdpData(data);
});

Deno.test("task 6.2 windowLoss of the noise-free solution is the noise's E[ε²] (mse) or E|ε| (l1)", () => {
  // Predicting the clean states leaves only the noise: E[ε²] = σ², E|ε| = σ·√(2/π).
  const sigma = 0.1;
  const data = vdp.makeVdpData({ count: 10, points: 50, noiseStd: sigma, seed: 1, ...LOOSE });
  const batch = { t: data.t, y0: tf.tensor2d(data.x0), target: data.observed };
  const clean = () => data.clean.clone();
  const ctx = {
    call: "windowLoss(predict = the noise-free states, the whole VDP data set, noise σ = 0.1)",
    likelyCause: "the loss must average over every time, trajectory and coordinate",
  };
  const mse = expectNoLeak(() => windowLoss(clean, batch, "mse"), () => 1, ctx);
  expectClose(mse.loss, sigma ** 2, { ...ctx, call: `${ctx.call}, "mse"` }, { rtol: 0.1 });
  expectTrue(mse.terms?.mse !== undefined, ctx, 'terms must hold the loss as "mse"');
  const l1 = windowLoss(clean, batch, "l1");
  expectClose(l1.loss, sigma * Math.sqrt(2 / Math.PI), { ...ctx, call: `${ctx.call}, "l1"` }, {
    rtol: 0.1,
  });
  tf.dispose([batch.y0, mse.loss, l1.loss]);
  vdp.disposeVdpData(data);
});

Deno.test("task 6.2 windowLoss matches the library for a Neural ODE's predictions", () => {
  const model = new node.NeuralODE({ hidden: [16], seed: 3 });
  const data = vdp.makeVdpData({ count: 4, points: 20, seed: 2, ...LOOSE });
  const batch = vdp.subsequenceBatch(data.observed, data.t, [2, 9], 6);
  const predict = (y0: tf.Tensor, t: number[]) => model.predict(y0, t);
  expectEvery(["mse", "l1"] as const, (kind) => {
    const got = windowLoss(predict, batch, kind);
    const want = node.windowLoss(predict, batch, kind);
    expectClose(got.loss, want.loss, {
      call: `windowLoss(NeuralODE 2-16-2 predictions, VDP windows, "${kind}")`,
      likelyCause: "simulate from batch.y0 over batch.t and compare with batch.target",
    });
    tf.dispose([got.loss, want.loss]);
  });
  vdp.disposeBatch(batch);
  vdp.disposeVdpData(data);
  model.dispose();
});

Deno.test("task 6.3 optimizerStep takes one gradient step and reports the loss before it", () => {
  // loss(w) = Σ (w − c)², gradient 2(w − c): SGD with rate 0.1 moves w to w − 0.2(w − c).
  const w = tf.variable(tf.tensor([1, -2, 3]));
  const c = tf.tensor([0.5, 0.5, 0.5]);
  const optimizer = tf.train.sgd(0.1);
  const ctx = {
    call: "optimizerStep(sgd(0.1), [w], loss = Σ (w − c)²) with w = [1, −2, 3], c = 0.5",
    likelyCause: "optimizer.minimize(() => lossFn().loss, true, params) takes the step and " +
      "returns the loss; read it as a number and dispose it",
  };
  const result = expectNoLeak(
    () =>
      optimizerStep(optimizer, [w], () => {
        const loss = tf.sum(tf.square(tf.sub(w, c))) as tf.Scalar;
        return { loss, terms: { squared: loss } };
      }),
    () => 0,
    ctx,
  );
  expectTrue(typeof result?.loss === "number", ctx, `loss must be a number, got ${result?.loss}`);
  expectClose(result.loss, 0.25 + 6.25 + 6.25, { ...ctx, call: `${ctx.call}: returned loss` });
  expectClose(result.terms?.squared ?? NaN, 12.75, { ...ctx, call: `${ctx.call}: terms.squared` });
  expectClose(w, [1 - 0.2 * 0.5, -2 + 0.2 * 2.5, 3 - 0.2 * 2.5], {
    ...ctx,
    call: `${ctx.call}: w`,
  });
  tf.dispose([w, c]);
  optimizer.dispose();
});

Deno.test("task 6.3 optimizerStep trains a Neural ODE like the library's step", () => {
  const data = vdp.makeVdpData({ count: 4, points: 20, seed: 5, ...LOOSE });
  const batch = vdp.subsequenceBatch(data.observed, data.t, [0, 6], 6);
  const mine = new node.NeuralODE({ hidden: [16], seed: 9 });
  const theirs = new node.NeuralODE({ hidden: [16], seed: 9 });
  const [optA, optB] = [tf.train.adam(1e-2), tf.train.adam(1e-2)];
  const losses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const a = optimizerStep(optA, mine.parameters(), () => mine.loss(batch));
    const b = step.optimizerStep(optB, theirs.parameters(), () => theirs.loss(batch));
    losses.push(a.loss);
    expectClose(a.loss, b.loss, {
      call: `optimizerStep(adam(1e-2), NeuralODE params, NeuralODE loss on VDP windows), step ${i}`,
      likelyCause: "pass the parameters to minimize, and return the loss before the update",
    }, { rtol: 1e-3 });
  }
  expectTrue(
    losses[3] < losses[0],
    { call: "4 Adam steps with your optimizerStep" },
    `the loss did not go down: ${losses.map((l) => l.toFixed(4)).join(" → ")}`,
  );
  [optA, optB].forEach((o) => o.dispose());
  [mine, theirs].forEach((m) => m.dispose());
  vdp.disposeBatch(batch);
  vdp.disposeVdpData(data);
});

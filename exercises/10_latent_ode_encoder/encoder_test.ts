/**
 * Exercise 10: the ODE-RNN encoder over irregular times. The Euler evolution is checked on
 * dh/dt = −h, whose Euler steps are known exactly (h·(1 − dt/n)^n) and converge to h·e^{−dt};
 * the backward pass with an exactly solvable evolution and an additive update, whose result is
 * Σ_k x_k·e^{t0 − t_k} per series; and both against a LatentODE's own encoder.
 */
import { evolveHidden } from "./evolve_hidden.ts";
import { odeRnnBackward } from "./ode_rnn_backward.ts";
import * as latent from "../../lib/models/latent_ode.ts";
import { expectClose, expectNoLeak, expectTrue, seededTensor, take, tf } from "../_kit/testing.ts";

const decay = (h: tf.Tensor) => tf.neg(h);

Deno.test("task 10.1 evolveHidden takes Euler sub-steps over each series' own gap", () => {
  const h = tf.tensor2d([[1, 2], [1, 2], [1, 2]]);
  const dt = [0.5, -0.3, 0];
  const ctx = {
    call: "evolveHidden(field = −h, h, dt = [0.5, −0.3, 0], substeps = 4)",
    input: { h },
    likelyCause: "each row b moves by dt[b]/substeps per Euler step: h ← h + field(h)·dt[b]/n",
  };
  const got = expectNoLeak(() => evolveHidden(decay, h, dt, 4), () => 1, ctx);
  const factor = dt.map((d) => (1 - d / 4) ** 4);
  expectClose(got, factor.map((c) => [c, 2 * c]), ctx);
  tf.dispose([h, got]);
});

Deno.test("task 10.1 evolveHidden converges to the exact flow h·e^{−dt} as substeps grow", () => {
  const h = tf.tensor2d([[1], [-2]]);
  const dt = [0.8, -0.4];
  const errors = [4, 8, 16].map((n) => {
    const got = take(evolveHidden(decay, h, dt, n));
    return Math.max(...got.map((v, b) => Math.abs(v - h.arraySync()[b][0] * Math.exp(-dt[b]))));
  });
  expectTrue(
    errors[2] < errors[1] && errors[1] < errors[0] && errors[0] / errors[2] > 3,
    {
      call: "evolveHidden(field = −h, [[1], [−2]], dt = [0.8, −0.4], substeps = 4, 8, 16)",
      likelyCause: "all `substeps` Euler steps must be taken, each of size dt/substeps",
    },
    `errors against h·e^{−dt}: ${errors.map((e) => e.toExponential(2)).join(", ")} ` +
      "(should roughly halve as substeps double)",
  );
  h.dispose();
});

Deno.test("task 10.1 evolveHidden matches the library with a latent ODE's encoder field", () => {
  const model = new latent.LatentODE({ hiddenDim: 6, width: 5, seed: 4 });
  const field = (x: tf.Tensor) => model.encoderField.apply(x);
  const h = seededTensor([3, 6], 41) as tf.Tensor2D;
  const dt = [-0.7, -0.05, -1.3];
  expectClose(evolveHidden(field, h, dt, 3), latent.evolveHidden(field, h, dt, 3), {
    call: "evolveHidden(tanh MLP field 6-5-6, random h [3, 6], dt = [−0.7, −0.05, −1.3], 3)",
  });
  h.dispose();
  model.dispose();
});

Deno.test("task 10.2 odeRnnBackward: exact decay between observations, additive updates", () => {
  // evolve(h, dt) = h·e^{dt} per series, update(k, h) = h + x_k: h(t0) = Σ_k x_k·e^{t0 − t_k}.
  const times = [[0.3, 1, 2.5], [1.2, 1.5, 4]];
  const xs = [[1, 0], [0, 2], [3, -1]];
  const t0 = 0;
  const seen: { dt: number[] }[] = [];
  const updates: number[] = [];
  const evolve = (h: tf.Tensor2D, dt: number[]) => {
    seen.push({ dt });
    return tf.mul(h, tf.exp(tf.tensor2d(dt, [dt.length, 1]))) as tf.Tensor2D;
  };
  const update = (k: number, h: tf.Tensor2D) => {
    updates.push(k);
    return tf.add(h, tf.tensor1d(xs[k])) as tf.Tensor2D;
  };
  const ctx = {
    call: "odeRnnBackward(times = [[0.3, 1, 2.5], [1.2, 1.5, 4]], h0 = 0, t0 = 0, evolve = " +
      "exact decay, update = h + x_k)",
    likelyCause: "observations from the last to the first; before each one but the last, " +
      "evolve by the per-series gaps times[b][k] − times[b][k+1]; at the end evolve back to t0",
  };
  // Its contract: call it inside tf.tidy, which frees the intermediate states; nothing may
  // escape the tidy (tf.keep, variables) and h0 stays the caller's.
  const h0 = tf.zeros([2, 2]) as tf.Tensor2D;
  const got = expectNoLeak(
    () => tf.tidy(() => odeRnnBackward(times, h0, t0, evolve, update)),
    () => 1,
    { ...ctx, input: { h0 } },
  );
  expectTrue(
    updates.join() === "2,1,0",
    ctx,
    `update was called for k = [${updates}], expected [2, 1, 0]`,
  );
  const gaps = seen.map((s) => s.dt.map((v) => Number(v.toFixed(6))));
  expectTrue(
    JSON.stringify(gaps) === JSON.stringify([[-1.5, -2.5], [-0.7, -0.3], [-0.3, -1.2]]),
    ctx,
    `evolve was called with gaps ${JSON.stringify(gaps)}`,
    "expected [[−1.5, −2.5], [−0.7, −0.3], [−0.3, −1.2]] (k = 2→1, 1→0, then to t0)",
  );
  const want = times.map((row) =>
    [0, 1].map((d) => row.reduce((s, tk, k) => s + xs[k][d] * Math.exp(t0 - tk), 0))
  );
  expectClose(got, want, ctx, { atol: 1e-5 });
  tf.dispose([h0, got]);
});

Deno.test("task 10.2 odeRnnBackward with a LatentODE's pieces gives the model's q(z0)", () => {
  const model = new latent.LatentODE({ hiddenDim: 6, width: 5, latentDim: 3, seed: 6 });
  const times = [[0.2, 0.9, 1.1, 3], [0, 0.4, 2.2, 2.6]];
  const values = seededTensor([2, 4, 2], 61);
  const want = model.encode(values, times);
  const got = tf.tidy(() => {
    const h = odeRnnBackward(
      times,
      tf.zeros([2, 6]) as tf.Tensor2D,
      0,
      (x, dt) => latent.evolveHidden((y) => model.encoderField.apply(y), x, dt, 2),
      (k, x) => model.gru!.step(tf.squeeze(tf.slice(values, [0, k, 0], [2, 1, 2]), [1]), x),
    );
    return tf.split(model.encoderOut.apply(h), 2, -1)[0];
  });
  expectClose(got, want.mean, {
    call: "odeRnnBackward with the GRU update and encoder field of a LatentODE (2 series, " +
      "4 irregular times each) → encoderOut mean vs LatentODE.encode",
  }, { atol: 1e-5 });
  tf.dispose([values, want.mean, want.logVar, got]);
  model.dispose();
});

/**
 * Exercise 13: augmented Neural ODEs. Padding by its values; the ANODE map by the map x ↦ −x,
 * which no 1-D flow can produce (its trajectories would cross) but a rotation in one extra
 * dimension does (f(x, a) = (−a, x) for a time π), and against an AugmentedNODE's forward pass.
 */
import { augmentWithZeros } from "./augment_with_zeros.ts";
import { anodeMap } from "./anode_map.ts";
import { AugmentedNODE } from "../../lib/models/anode.ts";
import { odeint, type VectorField } from "../../lib/ode/solve.ts";
import { expectClose, expectNoLeak, expectTrue, seededTensor, tf } from "../_kit/testing.ts";

Deno.test("task 13.1 augmentWithZeros pads each state with zeros", () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
  const ctx = {
    call: "augmentWithZeros(x = [[1, 2], [3, 4], [5, 6]], extra = 2)",
    likelyCause: "concatenate tf.zeros([B, extra]) after x along axis 1",
  };
  const got = expectNoLeak(() => augmentWithZeros(x, 2), () => 1, ctx);
  expectClose(got, [[1, 2, 0, 0], [3, 4, 0, 0], [5, 6, 0, 0]], ctx, { atol: 0 });
  const same = augmentWithZeros(x, 0);
  const ctx0 = { ...ctx, call: "augmentWithZeros(x, extra = 0)" };
  expectClose(same, x, ctx0, { atol: 0 });
  expectTrue(
    same !== x,
    ctx0,
    "returned x itself: return a copy (x.clone()) the caller may dispose",
  );
  tf.dispose([x, got, same]);
});

Deno.test("task 13.2 anodeMap maps x to −x with a rotation through one extra dimension", () => {
  // f(x, a) = (−a, x) rotates (x, 0) by the angle t; at t = π it is (−x, 0).
  const rotation: VectorField = (_t, z) =>
    tf.tidy(() => {
      const [x, a] = tf.unstack(z, 1);
      return tf.stack([tf.neg(a), x], 1);
    });
  const x = tf.tensor2d([[-1], [0.3], [2]]);
  const flow = (z0: tf.Tensor) =>
    odeint(rotation, z0, [0, Math.PI / 2, Math.PI], { method: "rk4", stepSize: 0.05 });
  const ctx = {
    call: "anodeMap(flow = rotation f(x, a) = (−a, x) over [0, π/2, π], x = [[−1], [0.3], [2]], " +
      "augmentDims = 1, dim = 1)",
    likelyCause: "pad x with the zeros, flow it, then read the first dim coordinates of the " +
      "LAST time of the trajectory",
  };
  const got = expectNoLeak(() => anodeMap(flow, x, 1, 1), () => 1, ctx);
  expectClose(got, [[1], [-0.3], [-2]], ctx, { atol: 1e-4 });
  tf.dispose([x, got]);
});

Deno.test("task 13.2 anodeMap gives an AugmentedNODE's forward pass", () => {
  const model = new AugmentedNODE({ dim: 2, augmentDims: 3, hidden: [8], seed: 4 });
  const x = seededTensor([5, 2], 91);
  const want = model.forward(x);
  const got = anodeMap((z0) => odeint(model.f, z0, [0, model.t1], model.solver), x, 3, 2);
  expectClose(got, want, {
    call: "anodeMap(the model's flow, x [5, 2], augmentDims 3, dim 2) vs AugmentedNODE.forward",
  });
  tf.dispose([x, want, got]);
  model.dispose();
});

/**
 * Exercise 0: the warm-up. meanSquaredError is checked against plain JavaScript arithmetic on the
 * same numbers, against the library on seeded random inputs, and for what every later test checks
 * too: no tensor left behind, and the caller's tensors left alive.
 */
import { meanSquaredError } from "./mean_squared_error.ts";
import { meanSquaredError as reference } from "../../lib/models/mse.ts";
import {
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  seededTensor,
  tf,
} from "../_kit/testing.ts";

Deno.test("task 0.1 meanSquaredError of [1, 2, 3] against [1, 0, 0] is (0 + 4 + 9)/3", () => {
  const pred = tf.tensor([1, 2, 3]);
  const target = tf.tensor([1, 0, 0]);
  const got = meanSquaredError(pred, target);
  const ctx = {
    call: "meanSquaredError(pred = [1, 2, 3], target = [1, 0, 0])",
    input: { pred, target },
    likelyCause: "square the differences, then average over every element (tf.mean)",
  };
  expectTrue(got.rank === 0, ctx, `returned shape [${got.shape}], expected a scalar (shape [])`);
  expectClose(got, 13 / 3, ctx);
  tf.dispose([pred, target, got]);
});

Deno.test("task 0.1 meanSquaredError averages over every element of a batch, like plain JS", () => {
  expectEvery([[[4, 3], 1], [[2, 5, 2], 2], [[7], 3]] as [number[], number][], ([shape, seed]) => {
    const pred = seededTensor(shape, seed);
    const target = seededTensor(shape, seed + 100);
    const a = pred.dataSync();
    const b = target.dataSync();
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
    const got = meanSquaredError(pred, target);
    const expected = reference(pred, target);
    const ctx = {
      call: `meanSquaredError(pred, target) with shape [${shape}]`,
      input: { pred, target },
      likelyCause: "the mean must run over every element (all axes), not one axis",
    };
    expectClose(got, sum / a.length, ctx);
    expectClose(got, expected, ctx);
    tf.dispose([pred, target, got, expected]);
  });
});

Deno.test("task 0.1 meanSquaredError leaks no tensor and keeps its inputs", () => {
  const pred = seededTensor([10, 3], 7);
  const target = seededTensor([10, 3], 8);
  const ctx = {
    call: "meanSquaredError(pred, target) with pred, target [10, 3]",
    input: { pred, target },
    likelyCause: "wrap the arithmetic in tf.tidy",
  };
  const got = expectNoLeak(() => meanSquaredError(pred, target), () => 1, ctx);
  tf.dispose([pred, target, got]);
});

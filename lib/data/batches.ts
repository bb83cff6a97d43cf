/** Mini-batching: seeded epochs of shuffled indices, and gathering rows of a tensor. */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../prob/random.ts";

/** Yields index batches forever, reshuffling at each epoch; the last short batch is dropped. */
export function* batchIndices(rng: Rng, n: number, batchSize: number): Generator<number[]> {
  if (batchSize > n) throw new Error(`batchSize ${batchSize} exceeds the ${n} examples`);
  for (;;) {
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i + batchSize <= n; i += batchSize) yield order.slice(i, i + batchSize);
  }
}

/** Rows `indices` of x along axis 0. */
export function takeRows<T extends tf.Tensor>(x: T, indices: number[]): T {
  return tf.tidy(() => tf.gather(x, tf.tensor1d(indices, "int32"))) as T;
}

/**
 * The solver's reads from the device, written once and driven two ways. An algorithm that needs
 * numbers (an error ratio, a finiteness probe) yields the small tensor to read and receives its
 * values. `runSync` reads with dataSync (Deno, and any backend where a blocking read is fine);
 * `runAsync` awaits data(), for WebGPU in a page, where a blocking read stalls the page (and on
 * SwiftShader loses the device).
 */
import type * as tf from "@tensorflow/tfjs";

/** A computation that yields tensors to read and gets back their values (the tensor is freed). */
export type Reads<T> = Generator<tf.Tensor, T, number[]>;

export function runSync<T>(reads: Reads<T>): T {
  let next = reads.next();
  while (!next.done) {
    let values: number[];
    try {
      values = Array.from(next.value.dataSync());
    } catch (error) {
      next.value.dispose();
      // Let the algorithm free what it holds, then report the read's error.
      next = reads.throw(error);
      continue;
    }
    next.value.dispose();
    next = reads.next(values);
  }
  return next.value;
}

export async function runAsync<T>(reads: Reads<T>): Promise<T> {
  let next = reads.next();
  while (!next.done) {
    let values: number[];
    try {
      values = Array.from(await next.value.data());
    } catch (error) {
      next.value.dispose();
      next = reads.throw(error);
      continue;
    }
    next.value.dispose();
    next = reads.next(values);
  }
  return next.value;
}

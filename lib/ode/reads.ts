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
    const tensor = next.value;
    let values: number[] | ReadFailure;
    try {
      values = Array.from(tensor.dataSync());
    } catch (error) {
      values = { error };
    }
    next = resume(reads, tensor, values);
  }
  return next.value;
}

export async function runAsync<T>(reads: Reads<T>): Promise<T> {
  let next = reads.next();
  while (!next.done) {
    const tensor = next.value;
    let values: number[] | ReadFailure;
    try {
      values = Array.from(await tensor.data());
    } catch (error) {
      values = { error };
    }
    next = resume(reads, tensor, values);
  }
  return next.value;
}

interface ReadFailure {
  error: unknown;
}

/**
 * Frees the read tensor and hands the algorithm its values, or the read's error: thrown at its
 * `yield`, so its own finally blocks free what it holds before the error reaches the caller.
 */
function resume<T>(reads: Reads<T>, tensor: tf.Tensor, values: number[] | ReadFailure) {
  tensor.dispose();
  return Array.isArray(values) ? reads.next(values) : reads.throw(values.error);
}

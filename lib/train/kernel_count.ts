/**
 * Counts the kernels a piece of tfjs work dispatches: the cost that bounds small models on GPU
 * backends, where every kernel is a dispatch whatever its size. Hardware independent: it counts
 * the engine's kernel calls, so cpu, wasm, webgl and webgpu can be compared for the same code.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Kernels that only relabel a tensor's shape or share its data on every backend: they dispatch
 * nothing, so they are not counted.
 */
const VIEW_KERNELS = new Set(["Reshape", "Identity"]);

type RunKernel = (name: string, ...rest: unknown[]) => unknown;

/**
 * Runs fn (awaiting it) and returns how many kernels it dispatched through tfjs's engine,
 * including those of gradients and optimiser updates it triggers. Counts every engine call made
 * while fn runs, so do not run other tfjs work concurrently.
 */
export async function countKernels(
  fn: () => Promise<unknown> | unknown,
  /** Called with each counted kernel's name (e.g. to tally them by name). */
  onKernel?: (name: string) => void,
): Promise<number> {
  const engine = tf.engine() as unknown as { runKernel: RunKernel };
  const own = Object.hasOwn(engine, "runKernel");
  const original = engine.runKernel;
  let count = 0;
  engine.runKernel = function (this: unknown, name: string, ...rest: unknown[]) {
    if (!VIEW_KERNELS.has(name)) {
      count++;
      onKernel?.(name);
    }
    return original.call(this, name, ...rest);
  };
  try {
    await fn();
  } finally {
    if (own) engine.runKernel = original;
    else delete (engine as Partial<typeof engine>).runKernel;
  }
  return count;
}

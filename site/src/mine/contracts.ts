/**
 * Mine build only: what shape a task's result must have, checked on the first call of a learner's
 * function in the page. For a task whose function takes a callback or changes state (a vector
 * field that counts evaluations, an optimiser), the shape follows from the arguments; for the
 * rest, the library's own result on the same arguments says it (computed once, then disposed).
 */
import type * as tf from "@tensorflow/tfjs";
import type { ButcherTableau } from "../../../lib/ode/tableaux.ts";
import { describeShape } from "./shape.ts";

type Args = unknown[];
const tensor = (shape: readonly number[], dtype = "float32") => `tensor[${shape}] ${dtype}`;
const like = (x: unknown) => describeShape(x);
const stages = (tableau: unknown, y: unknown) =>
  `[${like(y)} ×${(tableau as ButcherTableau).c.length}]`;

/** The expected shape text from the arguments; tasks not listed compare with the library. */
const FROM_ARGUMENTS: Record<string, (a: Args) => string> = {
  "1.1": (a) => like(a[2]),
  "1.2": (a) => tensor([(a[2] as number[]).length, ...(a[1] as tf.Tensor).shape]),
  "2.1": (a) => stages(a[1], a[3]),
  "2.2": (a) => like(a[3]),
  "3.4": (a) =>
    `{accepted: boolean, hNext: number, k: ${stages(a[1], a[3])}, ratio: number, y1: ${
      like(a[3])
    }}`,
  "5.1": () => "function",
  "7.1": (a) => like(a[0]),
  "12.3": () => "function",
};

/**
 * Tasks whose function takes a callback or has effects, and whose result shape is not listed
 * above: calling the library's as well would run the callback twice (counted evaluations, an
 * optimiser step), so only a missing result or a disposed tensor is caught.
 */
const NO_COMPARISON = new Set([
  "5.2",
  "6.2",
  "6.3",
  "10.1",
  "10.2",
  "11.2",
  "12.1",
  "12.2",
  "13.2",
]);

/**
 * The problem with a result, or undefined when it fits. `libraryShape` runs the library's
 * function on the same arguments and describes its result (only for the tasks compared with it).
 */
export function resultProblem(
  id: string,
  args: Args,
  result: unknown,
  libraryShape: () => string,
): string | undefined {
  const got = describeShape(result);
  if (result === undefined) return "returned nothing";
  if (got.includes("disposed")) return `returned ${got}`;
  if (NO_COMPARISON.has(id)) return undefined;
  const expected = FROM_ARGUMENTS[id] ? FROM_ARGUMENTS[id](args) : undefined;
  if (expected !== undefined) {
    return got === expected ? undefined : `returned ${got} where ${expected} was expected`;
  }
  const want = libraryShape();
  return got === want ? undefined : `returned ${got} where the library returns ${want}`;
}

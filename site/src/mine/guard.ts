/**
 * Mine build only: the wrapper that site/integrations/mine.mjs puts in place of a lib function
 * whose task the learner passed. It calls the learner's function; if that throws, or its first
 * result has the wrong shape (contracts.ts), the failure is recorded with the exercise number
 * (registry.ts) and the library's function answers this call and every later one.
 */
import { isLive, recordFallback, taskById } from "./registry.ts";
import { resultProblem } from "./contracts.ts";
import { describeShape, tensorsIn } from "./shape.ts";
import * as tf from "@tensorflow/tfjs";

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => any;

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function mineFunction<F extends Fn>(id: string, name: string, learner: F, library: F): F {
  let checked = false;
  const fallBack = (message: string) => recordFallback({ id, name, message });
  const guarded = (...args: unknown[]) => {
    if (!isLive(id)) return library(...args);
    let result: unknown;
    try {
      result = learner(...args);
    } catch (error) {
      fallBack(`threw ${messageOf(error)}`);
      return library(...args);
    }
    if (!checked) {
      checked = true;
      let problem: string | undefined;
      try {
        problem = resultProblem(id, args, result, () => {
          const reference = library(...args);
          const shape = describeShape(reference);
          tf.dispose(tensorsIn(reference).filter((t) => !tensorsIn(args).includes(t)));
          return shape;
        });
      } catch (error) {
        problem = `could not be checked: ${messageOf(error)}`;
      }
      if (problem) {
        fallBack(problem);
        tf.dispose(tensorsIn(result).filter((t) => !t.isDisposed && !tensorsIn(args).includes(t)));
        return library(...args);
      }
    }
    return result;
  };
  Object.defineProperty(guarded, "name", { value: name });
  if (!taskById(id)) console.warn(`--mine: task ${id} is not in this build's list`);
  return guarded as F;
}

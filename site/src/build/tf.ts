/** tfjs for build-time figures: the cpu backend (exact and deterministic), once per build. */
import * as tf from "@tensorflow/tfjs";

let ready: Promise<void> | undefined;

export function buildTf(): Promise<void> {
  ready ??= (async () => {
    tf.enableProdMode();
    if (!(await tf.setBackend("cpu"))) throw new Error("tfjs cpu backend failed to initialise");
    await tf.ready();
  })();
  return ready;
}

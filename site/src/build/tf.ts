/**
 * tfjs for build-time figures, once per build: the wasm backend, the one every shipped model was
 * trained and evaluated on (so a figure's numbers are the manifest's kind of numbers), and 5–20×
 * faster than cpu on the ODE-Net and ODE-VAE figures; cpu if wasm cannot start.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";

let ready: Promise<void> | undefined;

export function buildTf(): Promise<void> {
  ready ??= (async () => {
    tf.enableProdMode();
    const report = await initBackend({ order: ["wasm", "cpu"] });
    if (report.name !== "wasm") {
      console.warn(`build figures on ${report.name}: ${JSON.stringify(report.attempts)}`);
    }
  })();
  return ready;
}

/**
 * The 1-D crossing toy of augmented Neural ODEs (Dupont et al. 2019; lecture section 8):
 * map x = −1 to +1 and x = +1 to −1 by the time-1 flow of an ODE. The flow of a 1-D autonomous
 * ODE preserves order (trajectories cannot cross), so a plain 1-D NODE cannot do it; with extra
 * dimensions the trajectories can pass each other.
 *
 * Targets are g(x) = −sign(x): with jitter, points near −1 still go to +1 and points near +1
 * to −1.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";

export interface CrossingOptions {
  /** Points around each of −1 and +1 (default 1: just the two points). */
  perSide?: number;
  /** Inputs are ±1 + U(−jitter, jitter) (default 0). */
  jitter?: number;
  /** Seed of the jitter (default 0). */
  seed?: number;
}

export interface CrossingData {
  /** Inputs [n, 1]: first the points around −1, then those around +1. */
  x: tf.Tensor2D;
  /** Targets [n, 1]: +1 for the first half, −1 for the second. */
  y: tf.Tensor2D;
}

export function makeCrossingData(options: CrossingOptions = {}): CrossingData {
  const perSide = options.perSide ?? 1;
  const jitter = options.jitter ?? 0;
  if (!(jitter >= 0 && jitter < 1)) throw new Error(`jitter must be in [0, 1), got ${jitter}`);
  const rng = new Rng(options.seed ?? 0);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const centre of [-1, 1]) {
    for (let i = 0; i < perSide; i++) {
      xs.push(centre + (jitter > 0 ? rng.uniform(-jitter, jitter) : 0));
      ys.push(-centre);
    }
  }
  return { x: tf.tensor2d(xs, [xs.length, 1]), y: tf.tensor2d(ys, [ys.length, 1]) };
}

export function disposeCrossingData(data: CrossingData): void {
  tf.dispose([data.x, data.y]);
}

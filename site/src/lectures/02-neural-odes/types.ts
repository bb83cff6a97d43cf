/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
/** What the node-training demo embeds: plain numbers, rounded to float32-ish precision. */
export interface NodeDemoData {
  t: number[];
  /** [T][N][2] noisy observations (seed 0, σ = 0.1). */
  observed: number[][][];
  /** [T][N][2] the clean trajectories behind them. */
  clean: number[][][];
  x0: number[][];
  heldOut: { seed: number; x0: number[][]; clean: number[][][] };
}

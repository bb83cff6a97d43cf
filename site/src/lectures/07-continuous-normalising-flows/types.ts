/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
/** What the live demo embeds (plain numbers; the points themselves come from lib/ in the page). */
export interface CnfDemoData {
  /** The plotted box [x0, x1, y0, y1] of each data set the demo offers. */
  boxes: Record<"circles" | "moons" | "checkerboard", [number, number, number, number]>;
  /** Points per axis of the live density grid; samples and frames of the live flow. */
  grid: number;
  flowSamples: number;
  flowFrames: number;
  /** The shipped model's architecture and solver (scripts/recipes/cnf_circles.ts). */
  width: number;
  hidden: number;
  stepSize: number;
  trainSize: number;
  heldOut: {
    seed: number;
    /** The manifest's fast subset: the first `size` points of a 2,000-point test set. */
    size: number;
    /** Mean log-likelihood on that subset of a Gaussian fitted to the training set. */
    gaussian: number;
    /** The manifest's metricsFast["test log-likelihood/sample"]. */
    expected: number;
  };
}

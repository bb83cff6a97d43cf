/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
/** What the live demo embeds. */
export interface AnodeDemoData {
  hidden: number[];
  augmentDims: number;
  /** rk4 step of both models (the library default the shipped model was trained with). */
  stepSize: number;
  /** Output times of the plotted trajectories on [0, 1]. */
  frames: number;
  /** The recipe's training set: points around ±1. */
  train: { perSide: number; jitter: number; seed: number };
  /** Seeds of the two models' initial weights. */
  anodeSeed: number;
  plainSeed: number;
  /** The manifest's "ANODE MSE": the shipped model on this held-out set. */
  heldOut: { perSide: number; seed: number };
  /**
   * The manifest's fast "plain NODE MSE": a plain NODE trained `steps` full-batch Adam steps
   * (learning rate lr → lrEnd, cosine) on `perSide` points a side, tested on `testPerSide`.
   */
  plainProtocol: {
    steps: number;
    perSide: number;
    testPerSide: number;
    lr: number;
    lrEnd: number;
  };
}

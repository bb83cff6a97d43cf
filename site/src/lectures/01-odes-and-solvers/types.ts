/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
export interface AnimationData {
  dt: number;
  /** Per µ: trajectories [K][T·2] (x1, x2 interleaved, ×100 rounded), and field arrows. */
  sets: {
    mu: number;
    range: [number, number];
    yRange: [number, number];
    paths: number[][];
    field: { x: number; y: number; u: number; v: number }[];
  }[];
}

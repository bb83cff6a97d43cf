/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
/** What the VAE demo embeds: the shipped model's options and the metric to reproduce. */
export interface VaeDemoConfig {
  /** The recipe's architecture (scripts/recipes/vae_mnist.ts). */
  pretrained: { latentSize: number; hidden: number[]; activation: string };
  /** weights/manifest.json: the metric on the recipe's fast subset, and on all test digits. */
  expectedFast: number;
  expectedFull: number;
  metricName: string;
  /** Digits of the official test set (the manifest's full metric). */
  testCount: number;
}

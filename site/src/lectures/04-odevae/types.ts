/**
 * What this lecture's build-time figures hand to its page scripts (embedded as JSON): shared
 * by both sides, so a runtime never imports the build-time module.
 */
import type { OdeVaeOptions } from "../../../../lib/models/odevae.ts";

/** What the ODE-VAE demo embeds: the shipped model's options and the metrics to reproduce. */
export interface OdeVaeDemoConfig {
  /** Options that rebuild the recipe's model (besides the seed). */
  pretrained: OdeVaeOptions;
  /** weights/manifest.json: metrics on the recipe's fast subset (the first 16 test sequences). */
  expectedFast: Record<string, number>;
  fastCount: number;
  times: number[];
}

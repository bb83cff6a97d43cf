/**
 * The course's model cards from Deno: lib/zoo/cards.ts with weights/manifest.json read from the
 * repository (the site's build reads it itself and calls lib/zoo/cards.ts directly).
 */
import type { DescribeOptions } from "../../lib/cards/card.ts";
import type { ModelCard } from "../../lib/cards/types.ts";
import type { Manifest } from "../../lib/io/manifest.ts";
import { modelCard as cardOf } from "../../lib/zoo/cards.ts";
import { readManifest } from "../weights_manifest.ts";

export { CARD_MODELS, trainingInfo, UnknownModelError } from "../../lib/zoo/cards.ts";

/** The card of a course model (see lib/zoo/cards.ts); the manifest defaults to weights/'s. */
export async function modelCard(
  name: string,
  options: Pick<DescribeOptions, "batchSizes"> & { manifest?: Manifest } = {},
): Promise<ModelCard> {
  return cardOf(name, options.manifest ?? await readManifest(), options);
}

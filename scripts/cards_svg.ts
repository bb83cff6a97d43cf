/**
 * `deno run --allow-read --allow-env --allow-write=DIR scripts/cards_svg.ts DIR [model…]`
 *
 * Writes every course model's card (or the named ones) into DIR as <model>.svg (the diagram)
 * and <model>.json (the card's data), for a site build to include: run it before the build, or
 * import `modelCardSvg` from here.
 */
import * as tf from "@tensorflow/tfjs";
import { renderCardSvg } from "../lib/cards/render_svg.ts";
import { CARD_MODELS, modelCard, UnknownModelError } from "./cards/models.ts";

/** The SVG diagram of a course model's card. */
export async function modelCardSvg(name: string): Promise<string> {
  return renderCardSvg(await modelCard(name));
}

if (import.meta.main) {
  tf.enableProdMode();
  await tf.setBackend("cpu");
  const [dir, ...names] = Deno.args;
  if (!dir || dir.startsWith("-")) {
    console.error(
      `usage: scripts/cards_svg.ts DIR [model…]\nmodels: ${CARD_MODELS.join(", ")}`,
    );
    Deno.exit(2);
  }
  await Deno.mkdir(dir, { recursive: true });
  try {
    for (const name of names.length > 0 ? names : CARD_MODELS) {
      const card = await modelCard(name);
      await Deno.writeTextFile(`${dir}/${name}.svg`, renderCardSvg(card));
      await Deno.writeTextFile(`${dir}/${name}.json`, JSON.stringify(card, null, 1) + "\n");
      console.log(`${dir}/${name}.svg  ${card.totalParams} parameters`);
    }
  } catch (error) {
    if (error instanceof UnknownModelError) {
      console.error(error.message);
      Deno.exit(2);
    }
    throw error;
  }
}

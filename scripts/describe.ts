/**
 * `deno task describe <model> [--json] [--svg FILE] [--params]`
 *
 * Prints a model's card: its module tree with shapes from an example forward pass, activation,
 * parameters per module and in total, its ODE solver settings, and (for shipped models) the
 * training command and metrics from weights/manifest.json. `--json` prints the card as data;
 * `--svg FILE` also writes the diagram; `--params` lists every variable.
 */
import * as tf from "@tensorflow/tfjs";
import { parseCommandLine, readCommandLine, UsageError } from "./cli.ts";
import { renderCardSvg } from "../lib/cards/render_svg.ts";
import { renderCardText } from "../lib/cards/render_text.ts";
import { CARD_MODELS, modelCard, UnknownModelError } from "./cards/models.ts";

tf.enableProdMode();

const USAGE = `usage: deno task describe <model> [--json] [--svg FILE] [--params]
models: ${CARD_MODELS.join(", ")}`;

const { values: args, positionals } = readCommandLine(USAGE, () => {
  const parsed = parseCommandLine(Deno.args, {
    json: { type: "boolean", default: false },
    svg: { type: "string" },
    params: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, true);
  if (!parsed.values.help && parsed.positionals.length !== 1) {
    throw new UsageError("name one model");
  }
  return parsed;
});
if (args.help) {
  console.log(USAGE);
  Deno.exit(0);
}

// The cpu backend: a card needs one small forward pass, not speed (and no wasm start-up).
await tf.setBackend("cpu");
try {
  const card = await modelCard(positionals[0]);
  console.log(args.json ? JSON.stringify(card, null, 2) : renderCardText(card, args));
  if (args.svg) {
    await Deno.writeTextFile(args.svg, renderCardSvg(card));
    console.error(`wrote ${args.svg}`);
  }
} catch (error) {
  if (error instanceof UnknownModelError) {
    console.error(`${error.message}\n${USAGE}`);
    Deno.exit(2);
  }
  throw error;
}

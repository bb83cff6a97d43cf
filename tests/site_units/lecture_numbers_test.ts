/**
 * Lectures 7 and 8 quote the shipped models' numbers from where they are recorded, not from a
 * typist's memory: the built pages (site/dist, read with linkedom, no browser) must show the
 * manifest's metrics and the recipes' settings exactly as the MDX interpolates them, with a space
 * on each side. A number typed into the prose goes stale when a model is retrained; this test
 * then fails because the page no longer says what weights/manifest.json says.
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { HyperField } from "../../lib/nn/time_fields.ts";
import { ANODE_TOY_CONFIG } from "../../lib/zoo/anode_toy.ts";
import { CNF_CIRCLES_CONFIG } from "../../lib/zoo/cnf_circles.ts";
import { DIST, requireBuiltSite } from "../../scripts/site_dist.ts";

const MANIFEST = JSON.parse(
  await Deno.readTextFile(new URL("../../weights/manifest.json", import.meta.url)),
);

/** The page's prose (paragraphs and figure captions), whitespace collapsed. */
async function prose(page: string): Promise<string> {
  await requireBuiltSite();
  const { document } = parseHTML(await Deno.readTextFile(`${DIST}${page}index.html`));
  for (const math of document.querySelectorAll(".katex")) math.remove();
  return [...document.querySelectorAll("main p, main figcaption")]
    .map((p) => (p.textContent ?? "").replace(/\s+/g, " ").replaceAll("’", "'").trim())
    .join("\n");
}

const minus = (s: string) => s.replace("-", "−");
const thousands = (n: number) => n.toLocaleString("en-US");

/** Fails with the paragraph that comes closest (shares the phrase's first words). */
function assertSays(text: string, phrase: string, where: string) {
  if (text.includes(phrase)) return;
  const start = phrase.split(" ").slice(0, 3).join(" ");
  const near = text.split("\n").find((l) => l.includes(start)) ?? "(no paragraph starts alike)";
  assert.fail(`${where} should say “${phrase}” (manifest or recipe); the page says: “${near}”`);
}

Deno.test("lecture 7 quotes cnf-circles from the manifest and the recipe", async () => {
  const text = await prose("lectures/07-continuous-normalising-flows/");
  const entry = MANIFEST.models["cnf-circles"];
  const m = entry.metrics;
  const where = "lecture 7";
  assertSays(
    text,
    `of ${minus(m["test log-likelihood/sample"].toFixed(3))} nats per point, against ` +
      `${minus(m["Gaussian baseline log-likelihood/sample"].toFixed(3))} for the best Gaussian`,
    where,
  );
  assertSays(text, `${m["gain over Gaussian"].toFixed(2)} nats per point better`, where);
  assertSays(
    text,
    `in all ${thousands(entry.steps)} Adam steps on batches of ${CNF_CIRCLES_CONFIG.batch} from ` +
      `${thousands(CNF_CIRCLES_CONFIG.trainSize)} training points`,
    where,
  );
  assertSays(text, `RK4 with ${Math.round(1 / CNF_CIRCLES_CONFIG.stepSize)} steps on`, where);
  assertSays(text, `the full model took ${thousands(entry.steps)} steps,`, where);
  const field = new HyperField({
    width: CNF_CIRCLES_CONFIG.width,
    hidden: CNF_CIRCLES_CONFIG.hidden,
  });
  const sizes = [...field.net.sizes];
  field.dispose();
  assertSays(
    text,
    `the MLP ${sizes.join(" → ")}: its last layer's ${sizes.at(-1)} outputs are`,
    where,
  );
});

Deno.test("lecture 8 quotes anode-toy from the manifest and the recipe", async () => {
  const text = await prose("lectures/08-related-work/");
  const entry = MANIFEST.models["anode-toy"];
  const where = "lecture 8";
  assertSays(
    text,
    `(its MSE was ${entry.metrics["ANODE MSE"].toFixed(4)} at training time)`,
    where,
  );
  // The demo's plain NODE repeats the recipe's fast evaluation, so the page quotes that number.
  assertSays(
    text,
    `recipe's fast evaluation does (manifest: ${entry.metricsFast["plain NODE MSE"].toFixed(4)}).`,
    where,
  );
  assertSays(text, `the same set of ${2 * ANODE_TOY_CONFIG.perSide} points.`, where);
  assertSays(text, `the shipped ANODE (1 + ${ANODE_TOY_CONFIG.augmentDims} dimensions)`, where);
});

/**
 * The two screenshots in README.md, taken from the built site in headless Chromium: lecture 2's
 * Neural ODE demo after some live training steps (desktop), and lecture 1's solver playground at
 * phone width. The full-page screenshots of every page are the browser tests' artifacts
 * (test-artifacts/screenshots/); these are smaller crops meant for reading on GitHub.
 *
 *   deno task build && deno run -A scripts/readme_screenshots.ts [--steps 150]
 */
import { openSite, runDemo } from "./site_browser.ts";

/** The top bar sticks to the viewport; in a cropped shot it would cover the demo's first line. */
const UNSTICK = ".topbar { position: static !important; }";
const OUT = new URL("../site/screenshots/", import.meta.url).pathname;
const steps = Number(Deno.args[Deno.args.indexOf("--steps") + 1]) || 150;

await Deno.mkdir(OUT, { recursive: true });
const site = await openSite({ webgpu: false });
try {
  const desktop = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await desktop.goto(`${site.base}/lectures/02-neural-odes/?backend=cpu`);
  await runDemo(desktop, "node-training", "start", `Number(d.step ?? 0) >= ${steps}`, 600_000, {
    pause: true,
  });
  await desktop.addStyleTag({ content: UNSTICK });
  const demo = desktop.locator('[data-demo="node-training"]');
  await demo.scrollIntoViewIfNeeded();
  await demo.screenshot({ path: `${OUT}lecture-2-node-training.png` });
  await desktop.close();

  const phone = await site.browser.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
  });
  await phone.goto(`${site.base}/lectures/01-odes-and-solvers/`);
  await phone.addStyleTag({ content: UNSTICK });
  const playground = phone.locator('[data-demo="solver-playground"]');
  await playground.scrollIntoViewIfNeeded();
  await runDemo(phone, "solver-playground", "start", "d.nfe !== undefined", 120_000);
  await playground.scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${OUT}lecture-1-playground-phone.png` });
  await phone.close();
  console.log(`screenshots written to ${OUT}`);
} finally {
  await site.close();
}

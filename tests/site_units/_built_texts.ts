/** The built site's scripts and pages as text, and the strings that mark a mine build. */

/** Strings every mine build's JavaScript holds (site/src/mine/registry.ts, label.ts). */
export const MINE_MARKERS = ["course-mine-fallbacks", "demo-mine", "--mine: your"];

/** Every .js and .html file under a dist folder (ending in "/"), as [path, text]. */
export function builtTexts(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) out.push(...builtTexts(`${path}/`));
    else if (/\.(m?js|html)$/.test(entry.name)) out.push([path, Deno.readTextFileSync(path)]);
  }
  return out;
}

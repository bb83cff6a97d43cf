/// <reference path="../env.d.ts" />
/**
 * The solutions policy: the reference solutions (solutions/ in the repository) are published on
 * the site — /solutions/NN/ pages, linked from the exercise catalogue and the lectures' exercise
 * boxes — only when the instructor builds with SHOW_SOLUTIONS=1. Otherwise the pages do not exist
 * and learners are pointed to the hints (`deno task hint N.M`, HINTS.md) instead.
 */
import { listDir, readRepoFile } from "./repo.ts";

/**
 * From the SHOW_SOLUTIONS environment variable at build time: astro.config.mjs defines it as a
 * boolean, but Astro may also hand server code the raw variable ("1"), so both are read.
 */
export const SHOW_SOLUTIONS: boolean = ["true", "1", "yes"].includes(
  String(import.meta.env.SHOW_SOLUTIONS ?? "").toLowerCase(),
);

export interface SolutionFile {
  /** Repository path, e.g. "solutions/01_euler/euler_step.ts". */
  path: string;
  code: string;
}

/** The reference files of exercise n (empty when its folder solutions/NN_… does not exist). */
export function solutionFiles(n: number): SolutionFile[] {
  const nn = String(n).padStart(2, "0");
  const folder = listDir("solutions").find((f) => f.startsWith(`${nn}_`));
  if (!folder) return [];
  return listDir(`solutions/${folder}`)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({
      path: `solutions/${folder}/${f}`,
      code: readRepoFile(`solutions/${folder}/${f}`) ?? "",
    }));
}

/** URL of exercise n's solution page (exists only when SHOW_SOLUTIONS). */
export function solutionHref(n: number): string {
  return `${import.meta.env.BASE_URL}solutions/${String(n).padStart(2, "0")}/`;
}

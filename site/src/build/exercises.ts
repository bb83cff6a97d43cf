/**
 * The exercise catalogue for the site: the kit's own catalogue (exercises/_kit/catalog.ts, the
 * data the generator writes each exercise's README from) plus, per exercise, the names of its
 * tests (`task N.M …` in its *_test.ts files, written by hand). Lectures refer to exercises by
 * number.
 */
import { EXERCISES } from "../../../exercises/_kit/catalog.ts";
import { listDir, readRepoFile } from "./repo.ts";

export interface ExerciseInfo {
  n: number;
  /** Folder name, e.g. "01_euler". */
  folder: string;
  /** Repository path, e.g. "exercises/01_euler/". */
  path: string;
  title: string;
  /** One sentence: what the learner builds and why. */
  blurb: string;
  /** Id of its first task, e.g. "1.1", for the hint command. */
  firstTask: string;
  /** "task 1.1 …" names found in the folder's tests. */
  tasks: string[];
}

function testNames(base: string): string[] {
  const tasks = new Set<string>();
  for (const file of listDir(base).filter((f) => f.endsWith("_test.ts"))) {
    const src = readRepoFile(`${base}/${file}`) ?? "";
    for (const m of src.matchAll(/["'`](task \d+\.\d+[^"'`]*)["'`]/g)) tasks.add(m[1]);
  }
  return [...tasks].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Every exercise of the kit, by number. */
export function exerciseCatalogue(): ExerciseInfo[] {
  return EXERCISES.map((e) => ({
    n: e.n,
    folder: e.folder,
    path: `exercises/${e.folder}/`,
    title: e.title,
    blurb: e.summary,
    firstTask: e.tasks[0].id,
    tasks: testNames(`exercises/${e.folder}`),
  })).sort((a, b) => a.n - b.n);
}

/** The exercise with this number, or undefined while the kit does not have it yet. */
export function exerciseByNumber(n: number): ExerciseInfo | undefined {
  return exerciseCatalogue().find((e) => e.n === n);
}

/** Anchor of an exercise on the catalogue page. */
export function exerciseAnchor(n: number): string {
  return `ex-${String(n).padStart(2, "0")}`;
}

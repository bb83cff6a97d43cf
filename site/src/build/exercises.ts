/**
 * The exercise catalogue, read from exercises/ at build time: one entry per folder `NN_topic`
 * with its title (first heading of its README.md, else the folder name) and its tasks (the
 * `task N.M …` test names in its *_test.ts files). Lectures refer to exercises by number.
 */
import { listDir, readRepoFile } from "./repo.ts";

export interface ExerciseInfo {
  n: number;
  /** Folder name, e.g. "01_euler". */
  folder: string;
  /** Repository path, e.g. "exercises/01_euler/". */
  path: string;
  title: string;
  /** One-line description (first paragraph line of the README), if any. */
  blurb?: string;
  /** "task 1.1 …" names found in the folder's tests. */
  tasks: string[];
}

const FOLDER = /^(\d{2})_([a-z0-9_]+)$/;

function titleFromFolder(topic: string): string {
  const words = topic.split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function readExercise(folder: string, n: number, topic: string): ExerciseInfo {
  const base = `exercises/${folder}`;
  const readme = readRepoFile(`${base}/README.md`) ?? "";
  const heading = readme.match(/^#\s+(.+)$/m)?.[1].trim();
  const blurb = readme
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith("#") && !l.startsWith("```") && !l.startsWith("|"));
  const tasks = new Set<string>();
  for (const file of listDir(base).filter((f) => f.endsWith("_test.ts"))) {
    const src = readRepoFile(`${base}/${file}`) ?? "";
    for (const m of src.matchAll(/["'`](task \d+\.\d+[^"'`]*)["'`]/g)) tasks.add(m[1]);
  }
  return {
    n,
    folder,
    path: `${base}/`,
    title: heading?.replace(/^\d+\s*[·.:—-]\s*/, "") ?? titleFromFolder(topic),
    blurb,
    tasks: [...tasks].sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
  };
}

/** Every exercise folder present, by number. */
export function exerciseCatalogue(): ExerciseInfo[] {
  const out: ExerciseInfo[] = [];
  for (const folder of listDir("exercises")) {
    const m = folder.match(FOLDER);
    if (m) out.push(readExercise(folder, Number(m[1]), m[2]));
  }
  return out.sort((a, b) => a.n - b.n);
}

/** The exercise with this number, or undefined while the kit does not have it yet. */
export function exerciseByNumber(n: number): ExerciseInfo | undefined {
  return exerciseCatalogue().find((e) => e.n === n);
}

/** Anchor of an exercise on the catalogue page. */
export function exerciseAnchor(n: number): string {
  return `ex-${String(n).padStart(2, "0")}`;
}

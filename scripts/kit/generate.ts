/**
 * The kit generator: writes, from the catalogue and the marked regions in lib/,
 *   solutions/NN_topic/<task file>   the reference, verbatim (imports rewritten to ../../lib/…)
 *   exercises/NN_topic/<task file>   the learner's stub (the SOLUTION part is a TodoError)
 *   exercises/NN_topic/README.md, HINTS.md, and exercises/README.md
 *   exercises/_kit/lectures.ts       the lecture pages, from site/src/content/lectures/*.mdx
 *
 *   deno task kit:generate            write what changed
 *   deno task kit:generate --check    write nothing; exit 1 and list every file that is out of date
 *
 * A stub that no longer contains its TodoError has been worked on: it is left alone (and listed)
 * unless --force is given. Tests (*_test.ts) and the rest of exercises/_kit/ (the catalogue
 * included) are written by hand.
 */
import { EXERCISES } from "../../exercises/_kit/catalog.ts";
import { readLectures } from "../lectures.ts";
import {
  type LecturePages,
  renderExerciseReadme,
  renderHints,
  renderKitReadme,
  renderLectureList,
  renderTask,
} from "./render.ts";

export const REPO_ROOT = new URL("../../", import.meta.url);

export type FileKind = "solution" | "stub" | "doc" | "lectures";

export interface ExpectedFile {
  path: string;
  content: string;
  kind: FileKind;
}

export function readRepoFile(path: string): string {
  return Deno.readTextFileSync(new URL(path, REPO_ROOT));
}

function tryRead(path: string): string | undefined {
  try {
    return readRepoFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Markdown as `deno fmt` writes it (prose wrapped at the configured width). TypeScript output
 * needs no such pass: it is lib's formatted code plus lines the renderer already writes in fmt
 * form, which is what lets the grader compare a stub with its pristine form without spawning.
 */
export async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command("deno", {
    args: ["fmt", "--ext", "md", "-"],
    cwd: REPO_ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(`deno fmt failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/**
 * URL path of each lecture page, read now from the lectures' files (not from the generated list,
 * which may be the stale thing being regenerated).
 */
export function lecturePages(): LecturePages {
  const pages: LecturePages = {};
  for (
    const { file, page, data } of readLectures(new URL("site/src/content/lectures/", REPO_ROOT))
  ) {
    if (pages[data.n] !== undefined) {
      throw new Error(`two lectures have n = ${data.n} (${pages[data.n]} and ${file})`);
    }
    pages[data.n] = page;
  }
  return pages;
}

/** Every generated file with the content it must have. */
export async function expectedFiles(): Promise<ExpectedFile[]> {
  const pages = lecturePages();
  const docs: Promise<ExpectedFile>[] = [doc("exercises/README.md", renderKitReadme())];
  const out: ExpectedFile[] = [
    { path: "exercises/_kit/lectures.ts", content: renderLectureList(pages), kind: "lectures" },
  ];
  for (const exercise of EXERCISES) {
    for (const task of exercise.tasks) {
      const r = renderTask(exercise, task, readRepoFile, pages);
      out.push({ path: r.solutionPath, content: r.solution, kind: "solution" });
      out.push({ path: r.stubPath, content: r.stub, kind: "stub" });
    }
    const base = `exercises/${exercise.folder}`;
    docs.push(doc(`${base}/README.md`, renderExerciseReadme(exercise, pages)));
    docs.push(doc(`${base}/HINTS.md`, renderHints(exercise)));
  }
  return [...out, ...await Promise.all(docs)];
}

async function doc(path: string, text: string): Promise<ExpectedFile> {
  return { path, content: await formatMarkdown(text), kind: "doc" };
}

/** Task files on disk that no catalogue entry generates any more (left over after a rename). */
export function strayFiles(expected: ExpectedFile[]): string[] {
  const known = new Set(expected.map((f) => f.path));
  const stray: string[] = [];
  for (const top of ["exercises", "solutions"]) {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(new URL(`${top}/`, REPO_ROOT))];
    } catch {
      continue;
    }
    for (const dir of entries.filter((e) => e.isDirectory && /^\d\d_/.test(e.name))) {
      for (const file of Deno.readDirSync(new URL(`${top}/${dir.name}/`, REPO_ROOT))) {
        const path = `${top}/${dir.name}/${file.name}`;
        const generatedKind = file.name.endsWith(".ts") && !file.name.endsWith("_test.ts");
        if (generatedKind && !known.has(path)) stray.push(path);
      }
    }
  }
  return stray;
}

export interface CheckResult {
  /** Files missing or different from what the generator writes. */
  outdated: string[];
  stray: string[];
}

export async function checkKit(): Promise<CheckResult> {
  const expected = await expectedFiles();
  const outdated = expected.filter((f) => tryRead(f.path) !== f.content).map((f) => f.path);
  return { outdated, stray: strayFiles(expected) };
}

/** True when a stub file has been worked on (its TodoError is gone). */
export function stubWasEdited(content: string): boolean {
  return !/throw new TodoError\(/.test(content);
}

async function write(force: boolean): Promise<void> {
  const written: string[] = [];
  const kept: string[] = [];
  const expected = await expectedFiles();
  for (const file of expected) {
    const current = tryRead(file.path);
    if (current === file.content) continue;
    if (file.kind === "stub" && current !== undefined && stubWasEdited(current) && !force) {
      kept.push(file.path);
      continue;
    }
    const url = new URL(file.path, REPO_ROOT);
    Deno.mkdirSync(new URL(".", url), { recursive: true });
    Deno.writeTextFileSync(url, file.content);
    written.push(file.path);
  }
  for (const path of written) console.log(`wrote ${path}`);
  for (const path of kept) {
    console.log(`kept ${path}: it has been worked on (no TodoError); --force overwrites it`);
  }
  const stray = strayFiles(expected);
  for (const path of stray) console.log(`stray ${path}: no catalogue task generates it; delete it`);
  if (!written.length) console.log("kit: every generated file is up to date");
}

if (import.meta.main) {
  const args = new Set(Deno.args);
  if (args.has("--check")) {
    const { outdated, stray } = await checkKit();
    for (const path of outdated) console.log(`out of date: ${path}`);
    for (const path of stray) console.log(`stray: ${path} (no catalogue task generates it)`);
    if (outdated.length || stray.length) {
      console.log(
        "Fix: deno task kit:generate (after editing lib/, exercises/_kit/catalog.ts or a lecture)",
      );
      Deno.exit(1);
    }
    console.log("kit: generated files are up to date");
  } else {
    await write(args.has("--force"));
  }
}

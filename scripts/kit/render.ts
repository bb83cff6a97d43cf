/**
 * What the kit generator writes, as text: for each task the reference (solutions/) and the
 * learner's stub (exercises/), for each exercise its README.md and HINTS.md, and the kit's
 * overview (exercises/README.md), and the kit's lecture list (exercises/_kit/lectures.ts). Pure
 * functions of the catalogue, the lectures and the lib sources, so the generator, its --check
 * and the grader (which tells an untouched stub from an edited one) all agree byte for byte.
 * Output is already in `deno fmt` form (a test runs `deno fmt --check`).
 */
import {
  type Exercise,
  EXERCISES,
  LECTURE_PAGES,
  type Task,
  taskLecture,
  taskPath,
} from "../../exercises/_kit/catalog.ts";
import {
  findRegion,
  identifiersUsed,
  type ImportStatement,
  KitSourceError,
  parseImports,
  topLevelDeclarations,
} from "./extract.ts";

const LINE_WIDTH = 100;

/** Reads a repository file by its repository-relative path. */
export type ReadRepoFile = (path: string) => string;

export interface RenderedTask {
  /** Repository-relative paths. */
  solutionPath: string;
  stubPath: string;
  solution: string;
  stub: string;
}

/** Posix path of `target` relative to the folder `fromDir` (both repository-relative). */
export function relativePath(fromDir: string, target: string): string {
  const from = fromDir.split("/").filter(Boolean);
  const to = target.split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.slice(common).map(() => "..");
  const rel = [...up, ...to.slice(common)].join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** Resolves an import specifier written in `file` to a repository path (bare ones unchanged). */
function resolveSpecifier(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  const parts = file.split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** Named imports in deno fmt's order: by name, case-insensitively, ignoring `type`. */
function sortNamed(names: string[]): string[] {
  const key = (n: string) => n.replace(/^type\s+/, "").toLowerCase();
  return [...names].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function importLine(head: string, unsorted: string[], from: string): string {
  const names = sortNamed(unsorted);
  const one = `${head}{ ${names.join(", ")} } from "${from}";`;
  if (one.length <= LINE_WIDTH) return one;
  return `${head}{\n${names.map((n) => `  ${n},`).join("\n")}\n} from "${from}";`;
}

function renderImport(statement: ImportStatement, used: Set<string>, target: string): string[] {
  const head = statement.typeOnly ? "import type " : "import ";
  const from = statement.from.startsWith(".") ? target : statement.from;
  if (statement.namespace) {
    return used.has(statement.namespace)
      ? [`${head}* as ${statement.namespace} from "${from}";`]
      : [];
  }
  const names = statement.named.filter((b) => used.has(b.local)).map((b) => b.text);
  const defaultName = statement.defaultName && used.has(statement.defaultName)
    ? statement.defaultName
    : undefined;
  if (!names.length) return defaultName ? [`${head}${defaultName} from "${from}";`] : [];
  return [importLine(`${head}${defaultName ? `${defaultName}, ` : ""}`, names, from)];
}

/** Splits text into lines of at most LINE_WIDTH characters, each starting with `lead`. */
function wrapped(text: string, lead: string, first = "", next = first): string[] {
  const lines: string[] = [];
  let line = `${lead}${first}`;
  let fresh = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!fresh && line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = `${lead}${next}${word}`;
    } else {
      line += fresh ? word : ` ${word}`;
    }
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Splits text into comment lines of at most LINE_WIDTH characters. */
export function commentLines(text: string, indent: string, first = "", next = first): string[] {
  return wrapped(text, `${indent}// `, first, next);
}

/**
 * The stub's doc comment: the task's contract from the catalogue (never the lib doc comment,
 * which may state the formula) and the lecture section that derives it.
 */
export function contractDoc(
  exercise: Exercise,
  task: Task,
  indent: string,
  pages: LecturePages = LECTURE_PAGES,
): string[] {
  return [
    `${indent}/**`,
    ...task.contract.flatMap((paragraph) => [...wrapped(paragraph, `${indent} * `), `${indent} *`]),
    `${indent} * Derived in the lecture: ${taskLecture(exercise, task, pages)}`,
    `${indent} */`,
  ];
}

/** The lines a stub has in place of its answer: what to do next, and the TodoError. */
export function todoLines(task: Task, indent: string): string[] {
  const count = task.hints.length;
  // U+E000 keeps each command on one line when the comment wraps.
  const command = (text: string) => `\`${text.replaceAll(" ", "\uE000")}\``;
  return [
    ...commentLines(
      `Write this function's body, then check it with ${command(`deno task grade ${task.id}`)}. ` +
        `Stuck? ${command(`deno task hint ${task.id}`)} shows hint 1 of ${count} (the grader ` +
        "counts the hints you use).",
      indent,
      `TODO(${task.id}): `,
      "",
    ).map((line) => line.replaceAll("\uE000", " ")),
    `${indent}throw new TodoError("${task.id}");`,
  ];
}

/** URL path of each lecture page, by lecture number. */
export type LecturePages = Record<number, string>;

export function renderTask(
  exercise: Exercise,
  task: Task,
  read: ReadRepoFile,
  pages: LecturePages = LECTURE_PAGES,
): RenderedTask {
  const source = read(task.source);
  const sourceLines = source.split("\n");
  const region = findRegion(task.source, source, task.id);
  const code = region.lines.filter((_, i) =>
    i !== region.solutionBegin && i !== region.solutionEnd
  );
  const used = identifiersUsed(code.join("\n"));
  const local = new Set(topLevelDeclarations(region.lines).map((d) => d.name));

  const solutionPath = `solutions/${taskPath(exercise, task)}`;
  const stubPath = `exercises/${taskPath(exercise, task)}`;
  const outDir = `solutions/${exercise.folder}`; // exercises/ has the same depth

  const imports: string[] = [];
  /** Other tasks' functions this one calls: "path#name" of each import it keeps. */
  const importedFrom: string[] = [];
  for (const statement of parseImports(source)) {
    const resolved = resolveSpecifier(task.source, statement.from);
    const target = relativePath(outDir, resolved);
    imports.push(...renderImport(statement, used, target));
    for (const b of statement.named) {
      if (used.has(b.local)) importedFrom.push(`${resolved}#${b.local}`);
    }
  }
  const imported = new Set(
    parseImports(source).flatMap((s) => [
      ...(s.namespace ? [s.namespace] : []),
      ...(s.defaultName ? [s.defaultName] : []),
      ...s.named.map((b) => b.local),
    ]),
  );
  const own = topLevelDeclarations(sourceLines).filter((d) =>
    used.has(d.name) && !local.has(d.name) && !imported.has(d.name)
  );
  const hidden = own.filter((d) => !d.exported);
  if (hidden.length) {
    throw new KitSourceError(
      task.source,
      `EXERCISE ${task.id} uses ${hidden.map((d) => d.name).join(", ")}, which the file does ` +
        `not export (export it so the generated files can import it)`,
    );
  }
  for (const d of own) importedFrom.push(`${task.source}#${d.name}`);
  const index = taskFunctions(read);
  const calls = importedFrom.map((key) => ({ key, id: index.get(key) }))
    .filter((c): c is { key: string; id: string } => c.id !== undefined && c.id !== task.id)
    // U+E000 keeps "task N.M" on one line when the comment wraps.
    .map((c) => `${c.key.split("#")[1]} (task\uE000${c.id})`);
  if (own.length) {
    const onlyTypes = own.every((d) => d.isType);
    const names = own.map((d) => (d.isType && !onlyTypes ? `type ${d.name}` : d.name));
    const head = onlyTypes ? "import type " : "import ";
    imports.push(importLine(head, names, relativePath(outDir, task.source)));
  }

  const body = trimBlankEdges(code).join("\n");
  const solution = [
    `// Generated by \`deno task kit:generate\` from EXERCISE ${task.id} in ${task.source}:`,
    "// edit the library, not this file (tests/kit fails when the two differ).",
    ...imports,
    "",
    body,
    "",
  ].join("\n");

  const head = region.lines.slice(0, region.solutionBegin);
  const docStart = head.findIndex((l) => /^\s*\/\*\*/.test(l));
  const docEnd = head.findIndex((l, i) => i >= docStart && /\*\/\s*$/.test(l));
  if (docStart < 0 || docEnd < 0) {
    throw new KitSourceError(
      task.source,
      `EXERCISE ${task.id} needs a /** doc comment */ before its function (the stub replaces it ` +
        "with the task's contract)",
    );
  }
  const docIndent = head[docStart].match(/^\s*/)![0];
  const stubLines = [
    ...head.slice(0, docStart),
    ...contractDoc(exercise, task, docIndent, pages),
    ...head.slice(docEnd + 1),
    ...todoLines(task, region.indent),
    ...region.lines.slice(region.solutionEnd + 1),
  ];
  const stub = [
    "// deno-lint-ignore-file no-unused-vars",
    `// Exercise ${task.id}: this file is yours. Replace the TODO below, then run \`deno task grade\`.`,
    `// Generated from ${task.source}; \`deno task kit:reset ${task.id}\` restores this stub.`,
    ...(calls.length
      ? commentLines(
        `It calls the library's ${calls.join(", ")}, not your own file${
          calls.length > 1 ? "s" : ""
        }: each task is graded on its own.`,
        "",
      ).map((line) => line.replaceAll("\uE000", " "))
      : []),
    ...imports,
    `import { TodoError } from "../_kit/todo.ts";`,
    "",
    trimBlankEdges(stubLines).join("\n"),
    "",
  ].join("\n");
  return { solutionPath, stubPath, solution, stub };
}

/**
 * The function each kit task writes, keyed "lib path#name": the first exported declaration in its
 * EXERCISE region. Lets a stub say which earlier task's (library) function it calls.
 */
export function taskFunctions(read: ReadRepoFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const exercise of EXERCISES) {
    for (const task of exercise.tasks) {
      const region = findRegion(task.source, read(task.source), task.id);
      const name = topLevelDeclarations(region.lines).find((d) => d.exported && !d.isType)?.name;
      if (name) out.set(`${task.source}#${name}`, task.id);
    }
  }
  return out;
}

function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a].trim()) a++;
  while (b > a && !lines[b - 1].trim()) b--;
  return lines.slice(a, b);
}

/** A markdown table padded as deno fmt pads it (columns at least 3 wide). */
function markdownTable(header: string[], rows: string[][]): string[] {
  const width = header.map((h, c) =>
    Math.max(3, [...h].length, ...rows.map((r) => [...r[c]].length))
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => cell + " ".repeat(width[c] - [...cell].length)).join(" | ")} |`;
  return [line(header), line(width.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function lectureLink(path: string): string {
  return `[${path}](${path})`;
}

/** exercises/NN_topic/README.md: what to write, where the lecture is, how to run the tests. */
export function renderExerciseReadme(
  exercise: Exercise,
  pages: LecturePages = LECTURE_PAGES,
): string {
  const id = String(exercise.n).padStart(2, "0");
  const first = exercise.tasks[0].id;
  return [
    `# ${id} · ${exercise.title}`,
    "",
    exercise.summary,
    "",
    `Lecture ${exercise.lectureNumber}: ${lectureLink(pages[exercise.lectureNumber])} ` +
    "(`deno task start` serves the site on http://127.0.0.1:4321).",
    "",
    "## Tasks",
    "",
    ...exercise.tasks.map((t) => {
      const section = lectureLink(taskLecture(exercise, t, pages));
      return `- **${t.id}** ${t.title} — \`${t.file}\` (lecture: ${section})`;
    }),
    "",
    "## Run",
    "",
    "```sh",
    "deno task grade                 # progress of the whole kit, and what to do next",
    `deno test exercises/${exercise.folder}/   # this exercise's tests`,
    `deno test --filter "task ${first}" exercises/${exercise.folder}/`,
    `deno task hint ${first}                  # hint 1 (counted); \`hint ${first} 2\`: hints 1–2`,
    `deno task kit:reset ${first}             # restore a stub (asks first)`,
    "```",
    "",
    "Hints, one at a time: [HINTS.md](HINTS.md).",
    "",
  ].join("\n");
}

/** exercises/NN_topic/HINTS.md: every task's hints, in order, from gentle to nearly the answer. */
export function renderHints(exercise: Exercise): string {
  const id = String(exercise.n).padStart(2, "0");
  const out = [
    `# Hints · ${id} ${exercise.title}`,
    "",
    "Read one hint, try again, and only then read the next: hint 1 is the idea, hint 2 the " +
    "equation, hint 3 nearly the code. `deno task hint N.M K` shows hints 1 … K of task N.M in " +
    "the terminal and records that you used them (`deno task grade` shows hints used per task, " +
    "e.g. hints 2/3); reading them here records nothing.",
  ];
  for (const task of exercise.tasks) {
    out.push("", `## ${task.id} ${task.title}`);
    task.hints.forEach((hint, i) => out.push("", `**Hint ${i + 1}.** ${hint}`));
  }
  out.push("");
  return out.join("\n");
}

/**
 * exercises/_kit/lectures.ts: the kit's lecture list, derived from the lectures' files, so that
 * the stubs' TodoError can link a lecture with no permission to read site/.
 */
export function renderLectureList(pages: LecturePages): string {
  return [
    "// Generated by `deno task kit:generate` from site/src/content/lectures/*.mdx (each file's",
    "// name and the n of its frontmatter): edit the lectures, not this file.",
    "",
    "/** URL path of each lecture page of the site, by lecture number: /lectures/<file name>/ */",
    "export const LECTURE_PAGES: Record<number, string> = {",
    ...Object.entries(pages).map(([n, page]) => `  ${n}: ${JSON.stringify(page)},`),
    "};",
    "",
  ].join("\n");
}

/** exercises/README.md: how the kit works, and the list of exercises. */
export function renderKitReadme(): string {
  return [
    "# Exercises",
    "",
    "You implement the pieces of the course's library yourself, one function at a time, and the " +
    "tests tell you when each piece is right. Every exercise folder `NN_topic/` has:",
    "",
    "- one stub file per task, with the function's signature and documentation and a " +
    "`throw new TodoError(…)` where your code goes; the documentation states the contract " +
    "(what goes in and out, what must hold, the lecture section that derives it), not the " +
    "formula;",
    "- tests beside the stubs (`*_test.ts`, named `task N.M …`) that compare your function with " +
    "the library's on seeded random inputs and with independent truth: analytic solutions, " +
    "orders of convergence, finite-difference gradients, torchdiffeq's evaluation counts;",
    "- `README.md` (the tasks) and `HINTS.md` (three hints per task: the idea, the equation, " +
    "nearly the code).",
    "",
    "**Start with exercise 00**, the warm-up. Every test also checks that your function leaves " +
    "no tensor behind: TensorFlow.js frees a tensor's memory only when told to, so wrap your " +
    "arithmetic in `tf.tidy(() => …)` (it frees every tensor made inside except the ones " +
    "returned), dispose what you make outside a tidy, and never dispose a tensor you were " +
    "given. The course's page [TensorFlow.js for PyTorch users]" +
    "(http://127.0.0.1:4321/lectures/00-welcome/#tensorflowjs-for-pytorch-users) explains this " +
    "with tensors, shapes and sync vs async reads.",
    "",
    "```sh",
    "deno task grade                 # progress table, and the next task to do",
    "deno task grade --watch         # re-grade whenever you save",
    "deno task hint 3.2              # first hint of task 3.2; `hint 3.2 2` shows the second too",
    "deno test exercises/03_adaptive_step/                  # one exercise (no permissions needed)",
    'deno test --filter "task 3.2" exercises/03_adaptive_step/',
    "deno task kit:reset 3.2         # restore the stub of task 3.2 (asks first)",
    "```",
    "",
    "The grader only reads files: it runs each exercise's tests in a child `deno test` process " +
    "without any permission, so code under test can reach no network, file, or environment.",
    "",
    "The stubs and the reference solutions in `../solutions/` are generated from the library " +
    "(`lib/`), where each reference is marked `// EXERCISE N.M begin … end`: the code you write " +
    "is the code the course's demos run. Maintainers regenerate them with " +
    "`deno task kit:generate`.",
    "",
    ...markdownTable(
      ["#", "exercise", "lecture", "tasks"],
      EXERCISES.map((e) => [
        String(e.n).padStart(2, "0"),
        `[${e.title}](${e.folder}/)`,
        String(e.lectureNumber),
        e.tasks.map((t) => t.id).join(", "),
      ]),
    ),
    "",
  ].join("\n");
}

/**
 * The lectures as Deno scripts see them: the frontmatter of each site/src/content/lectures/*.mdx,
 * the one place a lecture's number, titles and minutes are written. The site reads the same
 * files through Astro's content collection (schema: site/src/content.config.ts); this reader is
 * for code that runs without Astro (the kit generator, tests). It parses YAML with js-yaml, the
 * parser Astro's own frontmatter reader uses, so both see the same values.
 */
import { load } from "js-yaml";

/** The frontmatter fields read outside Astro (the schema has more). */
export interface LectureFrontmatter {
  n: number;
  title: string;
  planTitle?: string;
  summary: string;
  planSummary?: string;
  minutes: number;
  breakAfter?: number;
  exercises?: number[];
}

export interface LectureFile {
  /** File name, e.g. "01-odes-and-solvers.mdx". */
  file: string;
  /** URL path of its page: /lectures/<file name without .mdx>/ */
  page: string;
  data: LectureFrontmatter;
}

export const LECTURES_DIR = new URL("../site/src/content/lectures/", import.meta.url);

/** The YAML between the leading `---` lines of an MDX or Markdown source, parsed. */
export function frontmatter(source: string, file: string): Record<string, unknown> {
  const match = source.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n/);
  if (!match) throw new Error(`${file}: no frontmatter (a block between --- lines at the top)`);
  const data = load(match[1]);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new Error(`${file}: the frontmatter is not a mapping of keys to values`);
  }
  return data as Record<string, unknown>;
}

const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isIntegers = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInteger);

/** The fields above, type-checked; the site's schema checks every field at build time. */
function lectureData(raw: Record<string, unknown>, file: string): LectureFrontmatter {
  function field<T>(key: string, is: (v: unknown) => v is T, want: string): T {
    const value = raw[key];
    if (!is(value)) {
      throw new Error(`${file}: frontmatter ${key} must be ${want}, got ${JSON.stringify(value)}`);
    }
    return value;
  }
  const optional = <T>(key: string, is: (v: unknown) => v is T, want: string) =>
    raw[key] === undefined ? undefined : field(key, is, want);
  return {
    n: field("n", isInteger, "an integer"),
    title: field("title", isString, "a string"),
    planTitle: optional("planTitle", isString, "a string"),
    summary: field("summary", isString, "a string"),
    planSummary: optional("planSummary", isString, "a string"),
    minutes: field("minutes", isInteger, "an integer"),
    breakAfter: optional("breakAfter", isInteger, "an integer"),
    exercises: optional("exercises", isIntegers, "a list of integers"),
  };
}

/** Every lecture file, by number. */
export function readLectures(dir: URL = LECTURES_DIR): LectureFile[] {
  const files = [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(".mdx"))
    .map((e) => e.name);
  return files
    .map((file) => ({
      file,
      page: `/lectures/${file.replace(/\.mdx$/, "")}/`,
      data: lectureData(frontmatter(Deno.readTextFileSync(new URL(file, dir)), file), file),
    }))
    .sort((a, b) => a.data.n - b.data.n);
}

/// <reference path="../env.d.ts" />
/** The written lectures (the content collection), sorted, with their URLs. */
import { type CollectionEntry, getCollection } from "astro:content";
import { type PlannedLecture, planOf } from "./plan.ts";

export type LectureEntry = CollectionEntry<"lectures">;

/** URL of a lecture page: /lectures/<file name without .mdx>/ */
export function lectureHref(entry: LectureEntry): string {
  return `${import.meta.env.BASE_URL}lectures/${entry.id}/`;
}

/** Every written lecture, by number; throws if two files claim the same number. */
export async function writtenLectures(): Promise<LectureEntry[]> {
  const all: LectureEntry[] = await getCollection("lectures");
  all.sort((a, b) => a.data.n - b.data.n);
  for (let i = 1; i < all.length; i++) {
    if (all[i].data.n === all[i - 1].data.n) {
      throw new Error(
        `lectures ${all[i - 1].id} and ${all[i].id} both have n = ${all[i].data.n}; ` +
          "give each lecture file its own number",
      );
    }
  }
  return all;
}

/** The workshop plan, from the lectures' frontmatter. */
export async function lecturePlan(): Promise<PlannedLecture[]> {
  return planOf((await writtenLectures()).map((entry) => entry.data));
}

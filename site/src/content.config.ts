/**
 * The lectures collection: one MDX file per lecture in src/content/lectures/, named
 * `NN-slug.mdx` (NN = lecture number, two digits), so that lectures 3–8 slot in by adding files.
 */
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

const lectures = defineCollection({
  loader: glob({ pattern: "*.mdx", base: "./src/content/lectures" }),
  schema: z.object({
    /** Lecture number (0–8): its place in the workshop plan (src/build/plan.ts). */
    n: z.number().int().min(0),
    title: z.string(),
    /** Short title for the sidebar (default: title). */
    navTitle: z.string().optional(),
    /** Title in the workshop plan: the schedule and the home page (default: title). */
    planTitle: z.string().optional(),
    /** One sentence for the page's header and description. */
    summary: z.string(),
    /** One line for the home page's list of lectures (default: summary). */
    planSummary: z.string().optional(),
    /**
     * Teaching minutes of this section: the one place they are written (the plan, the schedule,
     * the page and the presenter view read them here; the speaker notes' timings must add up).
     */
    minutes: z.number().int().positive(),
    /** Minutes of the break after it (0: none). */
    breakAfter: z.number().int().min(0).default(0),
    /** What to play with during the break. */
    breakActivity: z.string().optional(),
    /**
     * The exercise folders this lecture leads to, by number: 1 → exercises/01_*.
     * Shown as a box with links to the exercise catalogue.
     */
    exercises: z.array(z.number().int().nonnegative()).default([]),
  }),
});

/**
 * Speaker notes, one file per lecture in src/content/notes/NN.md (NN = lecture number): the
 * presenter view (components/Presenter.astro) shows them with the section timings and the key
 * equations. Learners never see them unless the presenter view is toggled (key P).
 */
const notes = defineCollection({
  loader: glob({ pattern: "*.md", base: "./src/content/notes" }),
  schema: z.object({
    /** The lecture these notes belong to (its `n`). */
    lecture: z.number().int().min(0),
    /**
     * The lecture's sections in teaching order with their minutes; they must add up to the
     * lecture's minutes (its frontmatter). `section` names the page's "## " heading it covers
     * (so the presenter view can follow the scroll position); other names are allowed.
     */
    timings: z.array(z.object({ section: z.string(), minutes: z.number().positive() })).min(1),
    /** Key equations (TeX), shown large in the presenter view. */
    equations: z.array(z.object({ tex: z.string(), label: z.string().optional() })).default([]),
  }),
});

export const collections = { lectures, notes };

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
    /** Lecture number (0–8), as in the workshop plan (src/build/plan.ts). */
    n: z.number().int().min(0),
    title: z.string(),
    /** Short title for the sidebar (default: title). */
    navTitle: z.string().optional(),
    /** One sentence for the page's description and the home page. */
    summary: z.string(),
    /** Teaching minutes of this section (shown on the page; must match the plan). */
    minutes: z.number().int().positive(),
    /** Minutes of the break after it (0: none). */
    breakAfter: z.number().int().min(0).default(0),
    /** What to play with during the break. */
    breakActivity: z.string().optional(),
    /**
     * The exercise folders this lecture leads to, by number: 1 → exercises/01_*.
     * Shown as a box with links to the exercise catalogue.
     */
    exercises: z.array(z.number().int().positive()).default([]),
  }),
});

export const collections = { lectures };

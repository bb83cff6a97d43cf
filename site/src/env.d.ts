/**
 * Types of `import.meta.env` in the site's modules: Astro's and Vite's (BASE_URL and the rest),
 * plus the values astro.config.mjs defines for build-time code. A module that reads
 * import.meta.env references this file (`/// <reference path=…>`), so that `deno check` knows
 * the types without Astro; Astro's build ignores the directive.
 */
/// <reference types="astro/client" />

interface ImportMetaEnv {
  /** Absolute path of the repository root (build time only; astro.config.mjs). */
  readonly REPO_ROOT: string;
  /**
   * The instructor's choice to publish the reference solutions: a boolean from astro.config.mjs,
   * or the raw variable ("1") that Astro may hand server code.
   */
  readonly SHOW_SOLUTIONS: boolean | string | undefined;
  /** True in a mine build (`deno task start --mine`): the learner's passing functions run. */
  readonly MINE: boolean;
  /** Mine build only: the graded tasks as JSON (site/src/mine/registry.ts reads it). */
  readonly MINE_TASKS: string | undefined;
  /** Mine build only: when it was built (fallbacks are remembered per build). */
  readonly MINE_BUILD: string | undefined;
}

// Build-log hygiene: one known-harmless Rolldown warning is dropped, every other warning is
// passed on unchanged (tests/site_units/quiet_warnings_test.ts checks both).

/**
 * Drops exactly one known-harmless warning and passes every other one on. Astro's content-assets
 * plugin writes `"use astro:head-inject";` at the top of each MDX entry's `?astroPropagatedAssets`
 * module; Astro 7 itself marks head propagation with `__astroPropagation` and never reads that
 * string, but Rolldown (Vite 8) warns that it may not keep the unknown directive: one boxed
 * warning per lecture in every build (upstream: withastro/astro#18087).
 */
export function quietAstroHeadInject(warning, warn) {
  const known = warning.code === "MODULE_LEVEL_DIRECTIVE" &&
    warning.message.includes('"use astro:head-inject"') &&
    warning.message.includes("?astroPropagatedAssets");
  if (!known) warn(warning);
}

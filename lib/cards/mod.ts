/**
 * lib/cards: model cards generated from the models themselves — the module tree, shapes from an
 * example forward pass, parameter counts from the variables, ODE solver settings — as data
 * (describeModel), as text for the terminal (renderCardText) and as an SVG diagram
 * (renderCardSvg). Pure: runs in Deno, in a browser and at a site's build time.
 */
export * from "./types.ts";
export * from "./card.ts";
export * from "./introspect.ts";
export * from "./probes.ts";
export * from "./layout.ts";
export * from "./render_text.ts";
export * from "./render_svg.ts";

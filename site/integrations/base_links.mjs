// A rehype plugin: root-relative links written in Markdown or MDX (`[catalogue](/exercises/)`,
// `<a href="/about/">`) get the site's base path, so a site built with
// `SITE_BASE=/neural-ode/ deno task build` (GitHub Pages serves a project under /<repo>/) keeps
// every link working without each lecture having to spell out import.meta.env.BASE_URL.
// .astro components build their URLs from BASE_URL themselves; this covers the prose.

const ATTRIBUTES = ["href", "src", "poster"];

/** "/exercises/" → "/neural-ode/exercises/"; other URLs (relative, external, #, //) unchanged. */
export function withBase(url, base) {
  if (typeof url !== "string" || base === "/" || !url.startsWith("/") || url.startsWith("//")) {
    return url;
  }
  if (url === base.slice(0, -1) || url.startsWith(base)) return url;
  return base + url.slice(1);
}

function visit(node, base) {
  if (node.type === "element" && node.properties) {
    for (const name of ATTRIBUTES) {
      if (name in node.properties) node.properties[name] = withBase(node.properties[name], base);
    }
  } else if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
    for (const attribute of node.attributes ?? []) {
      if (attribute.type === "mdxJsxAttribute" && ATTRIBUTES.includes(attribute.name)) {
        attribute.value = withBase(attribute.value, base);
      }
    }
  }
  for (const child of node.children ?? []) visit(child, base);
}

/** Use as `[rehypeBaseLinks, { base: "/neural-ode/" }]`; base "/" does nothing. */
export function rehypeBaseLinks(options = {}) {
  const base = options.base ?? "/";
  return (tree) => {
    if (base !== "/") visit(tree, base);
  };
}

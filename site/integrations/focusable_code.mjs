// A rehype plugin: every code block of the prose (Markdown fences, which Shiki has highlighted by
// the time this runs, and <pre> written in MDX) can take keyboard focus and has a name, so a
// listing wider than the column can be scrolled without a mouse (WCAG 2.1.1; axe:
// scrollable-region-focusable) and a screen reader announces it as code.

/** "code (ts)" from Shiki's data-language, else "code". */
function label(language) {
  return typeof language === "string" && language && language !== "plaintext"
    ? `code (${language})`
    : "code";
}

function visit(node) {
  if (node.type === "element" && node.tagName === "pre") {
    const p = (node.properties ??= {});
    if (p.tabIndex === undefined) p.tabIndex = 0;
    if (p.ariaLabel === undefined) p.ariaLabel = label(p.dataLanguage);
  } else if (node.type === "mdxJsxFlowElement" && node.name === "pre") {
    const attributes = (node.attributes ??= []);
    const has = (name) => attributes.some((a) => a.type === "mdxJsxAttribute" && a.name === name);
    if (!has("tabindex") && !has("tabIndex")) {
      attributes.push({ type: "mdxJsxAttribute", name: "tabindex", value: "0" });
    }
    if (!has("aria-label")) {
      attributes.push({ type: "mdxJsxAttribute", name: "aria-label", value: "code" });
    }
  }
  for (const child of node.children ?? []) visit(child);
}

export function rehypeFocusableCode() {
  return (tree) => visit(tree);
}

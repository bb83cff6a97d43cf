/** site/integrations/base_links.mjs: root-relative links in lecture prose get the base path. */
import assert from "node:assert/strict";
import { rehypeBaseLinks, withBase } from "../../site/integrations/base_links.mjs";

Deno.test("base links: only root-relative URLs are prefixed, once", () => {
  const b = "/neural-ode/";
  assert.equal(withBase("/exercises/", b), "/neural-ode/exercises/");
  assert.equal(withBase("/", b), "/neural-ode/");
  assert.equal(withBase("/neural-ode/about/", b), "/neural-ode/about/");
  assert.equal(withBase("/neural-ode", b), "/neural-ode");
  assert.equal(withBase("//cdn.example/x.js", b), "//cdn.example/x.js");
  assert.equal(withBase("https://deno.com", b), "https://deno.com");
  assert.equal(withBase("#anchor", b), "#anchor");
  assert.equal(withBase("../x/", b), "../x/");
  assert.equal(withBase("/exercises/", "/"), "/exercises/");
});

Deno.test("base links: rewrites HTML elements and MDX JSX attributes in the tree", () => {
  const tree = {
    type: "root",
    children: [
      { type: "element", tagName: "a", properties: { href: "/exercises/#ex-01" }, children: [] },
      { type: "element", tagName: "img", properties: { src: "/weights/x.png" }, children: [] },
      {
        type: "mdxJsxFlowElement",
        name: "a",
        attributes: [{ type: "mdxJsxAttribute", name: "href", value: "/about/" }],
        children: [{ type: "element", tagName: "a", properties: { href: "#x" }, children: [] }],
      },
    ],
  };
  rehypeBaseLinks({ base: "/neural-ode/" })(tree);
  type Node = {
    properties: Record<string, string>;
    attributes: { value: string }[];
    children: Node[];
  };
  const [a, img, jsx] = tree.children as unknown as Node[];
  assert.equal(a.properties.href, "/neural-ode/exercises/#ex-01");
  assert.equal(img.properties.src, "/neural-ode/weights/x.png");
  assert.equal(jsx.attributes[0].value, "/neural-ode/about/");
  assert.equal(jsx.children[0].properties.href, "#x");
});

import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';

/** Elements that may repeat, always parsed as arrays so a one-item feed reads like a long one. */
const REPEATED = new Set(['item', 'entry', 'category', 'url', 'sitemap', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay strings: a title of digits is still a title.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

/** Text of an element that may carry attributes (parsed as { '#text', '@attr' }). */
export type XmlText = string | { '#text': string; [attribute: `@${string}`]: string };

export function textOfXml(value: XmlText | undefined): string | undefined {
  return typeof value === 'object' ? value['#text'] : value;
}

/**
 * A document parsed by a real XML parser, after checking that it is well-formed. The caller
 * states the shape it expects; the assertions that follow check it.
 */
export function parseXml<T>(xml: string): T {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `well-formed XML: ${JSON.stringify(valid)}`);
  return parser.parse(xml) as T;
}

/** An element as a strict parser read it: names with their prefixes, entities resolved once. */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** The element's own text (not its children's), as a reader of the document gets it. */
  text: string;
}

/**
 * Parses a document with saxes, a conforming XML 1.0 parser with namespaces: an undefined
 * entity (`&nbsp;`), an unbound prefix or a stray `<` is an error here, where lenient parsers
 * (fast-xml-parser's validator among them) let them through.
 */
export function parseStrictXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const errors: string[] = [];
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = typeof attribute === 'string' ? attribute : attribute.value;
    const node: XmlNode = { name: tag.name, attributes, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on('text', (text) => {
    const node = stack.at(-1);
    if (node) node.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  assert.deepEqual(errors, [], 'a well-formed, namespace-well-formed XML document');
  assert.ok(root, 'a document with a root element');
  return root;
}

/** Every element under `node` (itself included) with this name. */
export function elementsNamed(node: XmlNode, name: string): XmlNode[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((child) => elementsNamed(child, name))];
}

/** The text of the first child element with this name; fails when there is none. */
export function childText(node: XmlNode, name: string): string {
  const child = node.children.find((c) => c.name === name);
  assert.ok(child, `<${node.name}> has a <${name}>`);
  return child.text;
}

import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

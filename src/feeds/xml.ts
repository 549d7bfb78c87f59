import { create } from 'xmlbuilder2';

/** An element being built; every builder call returns one. */
export type XMLBuilder = ReturnType<typeof create>;

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
 * escaping does not help, and the builder writes them through, which makes a document no
 * parser accepts. They are dropped from every text and attribute.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

/** A new document whose root element has these namespace declarations and attributes. */
export function xmlDocument(root: string, attributes: Record<string, string>): XMLBuilder {
  return create({ version: '1.0', encoding: 'UTF-8' }).ele(root, attributes);
}

/** Adds <name>text</name>: the builder escapes &, < and > (so "]]>" too); no CDATA, which "]]>" would end. */
export function textElement(parent: XMLBuilder, name: string, value: string, attributes: Record<string, string> = {}): XMLBuilder {
  return parent.ele(name, cleanAttributes(attributes)).txt(xmlText(value)).up();
}

export function cleanAttributes(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, xmlText(v)]));
}

export function serialize(doc: XMLBuilder): string {
  return doc.end({ prettyPrint: true });
}

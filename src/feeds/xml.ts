/**
 * A small XML writer for feeds and sitemaps. Every text and attribute value is escaped exactly
 * once, whatever it looks like: "&lt;" in a title is four characters a reader sees, not "<".
 * (xmlbuilder2, used before, leaves text that looks like an entity as it is, which let HTML the
 * site had escaped reach feed readers as live markup and let a name like "A&nbsp;B" make a feed
 * ill-formed; it has no option to turn that off.)
 */

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
 * escaping does not help, so they are dropped from every text and attribute.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** What must be escaped in text: "&" and "<", and ">" so that "]]>" cannot appear. */
const TEXT_SPECIAL = /[&<>]/g;
/**
 * In attribute values also the quote that delimits them, and tab, newline and carriage return,
 * which a parser would otherwise normalise to spaces (XML 1.0 §3.3.3).
 */
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** A name of an element or attribute as the writer's callers spell them: plain, maybe prefixed. */
const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

function escapeText(value: string): string {
  return xmlText(value).replace(TEXT_SPECIAL, (c) => ESCAPES[c]!);
}

function escapeAttribute(value: string): string {
  return xmlText(value).replace(ATTRIBUTE_SPECIAL, (c) => ESCAPES[c]!);
}

function checkName(name: string): string {
  // Names come from this code, never from content; a bad one is a bug to find at once.
  if (!XML_NAME.test(name)) throw new Error(`Not an XML name: ${JSON.stringify(name)}`);
  return name;
}

/** An element being built: attributes, then text or child elements. */
export class XmlElement {
  private readonly children: Array<XmlElement | string> = [];

  constructor(
    readonly name: string,
    private readonly attributes: Readonly<Record<string, string>> = {},
  ) {
    checkName(name);
    for (const attribute of Object.keys(attributes)) checkName(attribute);
  }

  /** Adds a child element and returns it. */
  ele(name: string, attributes: Readonly<Record<string, string>> = {}): XmlElement {
    const child = new XmlElement(name, attributes);
    this.children.push(child);
    return child;
  }

  /** Adds text, escaped when written. */
  txt(value: string): this {
    this.children.push(value);
    return this;
  }

  /** Writes the element, one child element per line, indented; text stays on its element's line. */
  write(out: string[], indent: string): void {
    let open = `${indent}<${this.name}`;
    for (const [name, value] of Object.entries(this.attributes)) open += ` ${name}="${escapeAttribute(value)}"`;
    if (this.children.length === 0) {
      out.push(`${open}/>`);
      return;
    }
    if (this.children.every((c) => typeof c === 'string')) {
      out.push(`${open}>${this.children.map((c) => escapeText(c as string)).join('')}</${this.name}>`);
      return;
    }
    out.push(`${open}>`);
    for (const child of this.children) {
      if (typeof child === 'string') out.push(`${indent}  ${escapeText(child)}`);
      else child.write(out, `${indent}  `);
    }
    out.push(`${indent}</${this.name}>`);
  }
}

/** A new document whose root element has these namespace declarations and attributes. */
export function xmlDocument(root: string, attributes: Readonly<Record<string, string>>): XmlElement {
  return new XmlElement(root, attributes);
}

/** Adds <name>text</name>; no CDATA, which "]]>" in the text would end. */
export function textElement(parent: XmlElement, name: string, value: string, attributes: Readonly<Record<string, string>> = {}): void {
  parent.ele(name, attributes).txt(value);
}

export function serialize(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  root.write(out, '');
  return out.join('\n');
}

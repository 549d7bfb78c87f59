/**
 * Pieces of a WordPress export (WXR 1.2), written as text: every value is escaped exactly once
 * and characters XML cannot carry are dropped, as the feeds' writer does (feeds/xml.ts), so the
 * file is well-formed whatever a post contains. Pieces are strings so that an export is written
 * item by item, never held whole.
 */

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

export function escapeXml(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

function checkName(name: string): string {
  if (!XML_NAME.test(name)) throw new Error(`Not an XML name: ${JSON.stringify(name)}`);
  return name;
}

/** `<name attr="v">text</name>`, escaped. */
export function xmlElement(name: string, text: string | number, attributes: Readonly<Record<string, string>> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${checkName(k)}="${escapeXml(v)}"`)
    .join('');
  return `<${checkName(name)}${attrs}>${escapeXml(String(text))}</${name}>`;
}

/** An element of elements, each child on its own line, indented. */
export function xmlGroup(name: string, children: readonly string[], indent: string): string {
  const inner = children.map((c) => `${indent}\t${c}\n`).join('');
  return `<${checkName(name)}>\n${inner}${indent}</${name}>`;
}

export const WXR_HEADER =
  '<?xml version="1.0" encoding="UTF-8" ?>\n' +
  '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
  'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n' +
  '<channel>\n';

export const WXR_FOOTER = '</channel>\n</rss>\n';

/** A date as WordPress writes it in exports: "2022-02-15 09:00:00" (UTC here, for both the local and the GMT field). */
export function wordpressDate(date: Date | null): string {
  if (date === null) return '0000-00-00 00:00:00';
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

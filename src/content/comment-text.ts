import { LinkifyIt } from 'linkify-it';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';

/** Only web links become anchors; "mailto:" and bare emails stay text so they are not harvested. */
const linkify = new LinkifyIt({ fuzzyEmail: false, fuzzyLink: true });

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Every link linkify finds has a scheme, "www.", "localhost", a dotted number or a dot before a
 * letter (a domain ending): text with none of them has no link. Most lines of most comments have
 * none, and this one short pattern costs far less than the full matcher on every line.
 */
const MAY_HOLD_LINK = /:\/\/|www\.|localhost|\.\d|\.\p{L}/iu;

interface WebLink {
  index: number;
  lastIndex: number;
  text: string;
  url: string;
}

function webLinks(text: string): WebLink[] {
  if (!MAY_HOLD_LINK.test(text)) return [];
  return (linkify.match(text) ?? []).filter((m) => /^https?:\/\//i.test(m.url));
}

export function countLinks(text: string): number {
  return webLinks(text).length;
}

/** Line breaks as the reader typed them: CRLF and lone CR become LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function renderLine(line: string): string {
  let html = '';
  let at = 0;
  for (const link of webLinks(line)) {
    html += escapeHtml(line.slice(at, link.index));
    html += `<a href="${escapeHtml(link.url)}" rel="nofollow ugc">${escapeHtml(link.text)}</a>`;
    at = link.lastIndex;
  }
  return html + escapeHtml(line.slice(at));
}

/**
 * A reader's comment as HTML: blank lines separate paragraphs, single line breaks are kept,
 * web addresses become links that pass no ranking (rel="nofollow ugc"), and every other
 * character is escaped, so no markup a reader types is ever interpreted.
 */
export function renderCommentText(text: string): SafeHtml {
  const paragraphs = normalizeNewlines(text)
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return trustSanitizedHtml(paragraphs.map((p) => `<p>${p.split('\n').map(renderLine).join('<br>\n')}</p>`).join('\n'));
}

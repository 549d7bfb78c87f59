import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { countWords } from '../domain/reading.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** What an article body may contain after sanitizing: prose, media and tables, no scripts or styles. */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'b',
    'i',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'code',
    'pre',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'abbr',
    'cite',
    'q',
    'mark',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    abbr: ['title'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
};

/** HTML from elsewhere (an imported post) cut down to what an article body may contain, as the editor's HTML is. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Markdown to HTML that is safe to put in a page: rendered by markdown-it, then sanitized. */
export function renderMarkdown(source: string): SafeHtml {
  return trustSanitizedHtml(sanitizeHtml(markdown.render(source), SANITIZE_OPTIONS));
}

/** Plain text of a markdown body, for excerpts and meta descriptions: the text of every inline token. */
export function markdownToText(source: string): string {
  const parts: string[] = [];
  for (const block of markdown.parse(source, {})) {
    if (block.type === 'inline') {
      for (const token of block.children ?? []) {
        if (token.type === 'text' || token.type === 'code_inline') parts.push(token.content);
        else if (token.type === 'softbreak' || token.type === 'hardbreak') parts.push(' ');
      }
      parts.push(' ');
    } else if (block.type === 'code_block' || block.type === 'fence') {
      parts.push(block.content, ' ');
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** An excerpt of at most `maxLength` characters, cut at a word boundary. */
export function excerptOf(text: string, maxLength = 280): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/u, '')}…`;
}

/** What a post stores of its body: the sanitized HTML, the plain text, and its word count. */
export function renderBody(markdown: string): { bodyHtml: SafeHtml; bodyText: string; wordCount: number } {
  const bodyText = markdownToText(markdown);
  return { bodyHtml: renderMarkdown(markdown), bodyText, wordCount: countWords(bodyText) };
}

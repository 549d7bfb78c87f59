import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Sanitized article HTML (the tags content/markdown.ts allows) written as the Markdown the
 * editor edits, so that an imported post renders through the same markdown-it and sanitizer as
 * a post written here, and its next save changes nothing a reader sees. Text is escaped so that
 * nothing in it becomes markup; what Markdown cannot say (a table's layout, marks, abbreviations)
 * keeps its text.
 */

/** Characters that would start markup anywhere in a line; "&" too, so "&copy;" stays six characters. */
const INLINE_SPECIAL = /[\\`*_[\]<>~&|]/g;
/** Text at the start of a block that would make a heading, a list or a quote of it. */
const BLOCK_START = /^(\s*)([#>+=-])/;
/** "1. " would start a list: the mark after the number is what is escaped ("1\. "), a backslash before a digit is no escape. */
const ORDERED_START = /^(\s*)(\d+)([.)])/;

function escapeText(text: string): string {
  return text.replace(INLINE_SPECIAL, (c) => `\\${c}`);
}

function escapeUrl(url: string): string {
  return url.replace(/[()<>\s\\]/g, (c) => encodeURIComponent(c));
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag';
}

function inline(nodes: readonly ChildNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += escapeText(node.data.replace(/\s+/g, ' '));
    else if (isElement(node)) out += inlineElement(node);
  }
  return out;
}

function wrap(mark: string, inner: string): string {
  const trimmed = inner.trim();
  if (trimmed === '') return inner;
  // Emphasis must hug its words: spaces go outside the marks.
  const lead = inner.startsWith(' ') ? ' ' : '';
  const trail = inner.endsWith(' ') ? ' ' : '';
  return `${lead}${mark}${trimmed}${mark}${trail}`;
}

function inlineElement(el: Element): string {
  const inner = (): string => inline(el.children);
  switch (el.name) {
    case 'strong':
    case 'b':
      return wrap('**', inner());
    case 'em':
    case 'i':
    case 'cite':
      return wrap('*', inner());
    case 's':
    case 'del':
      return wrap('~~', inner());
    case 'code':
      return codeSpan(textOf(el));
    case 'br':
      return '\\\n';
    case 'a': {
      const href = el.attribs.href;
      const text = inner().trim();
      if (!href) return text;
      const title = el.attribs.title ? ` "${el.attribs.title.replace(/["\\]/g, '\\$&')}"` : '';
      return `[${text === '' ? escapeText(href) : text}](${escapeUrl(href)}${title})`;
    }
    case 'img': {
      const src = el.attribs.src;
      if (!src) return '';
      const title = el.attribs.title ? ` "${el.attribs.title.replace(/["\\]/g, '\\$&')}"` : '';
      return `![${escapeText(el.attribs.alt ?? '')}](${escapeUrl(src)}${title})`;
    }
    default:
      // Block elements inside a paragraph, marks and abbreviations: their text.
      return inner();
  }
}

function codeSpan(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (isElement(node)) return node.children.map(textOf).join('');
  return '';
}

/** One block's inline text, cleaned of the breaks at its ends and escaped where it could start a block. */
function paragraph(text: string): string {
  const cleaned = text
    .replace(/^(?:\s|\\\n)+/, '')
    .replace(/(?:\s|\\\n)+$/, '')
    .replace(/ *\\\n */g, '\\\n');
  return cleaned
    .split('\n')
    .map((line) => line.replace(ORDERED_START, '$1$2\\$3').replace(BLOCK_START, (_, space: string, mark: string) => `${space}\\${mark}`))
    .join('\n');
}

const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'pre',
  'hr',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tr',
  'div',
]);

/** The blocks of a list of nodes; inline runs between blocks become paragraphs. */
function blocks(nodes: readonly ChildNode[]): string[] {
  const out: string[] = [];
  let run: ChildNode[] = [];
  const flush = (): void => {
    const text = paragraph(inline(run));
    if (text !== '') out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (isElement(node) && BLOCKS.has(node.name)) {
      flush();
      out.push(...block(node));
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? rest.trimEnd() : rest) + line)
    .join('\n');
}

function block(el: Element): string[] {
  switch (el.name) {
    case 'p':
    case 'figcaption':
    case 'div': {
      const inner = blocks(el.children);
      if (el.name === 'figcaption') return inner.map((text) => `*${text}*`);
      return inner;
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      // An article's h1 is its title: a heading in the body is at most an h2.
      const level = Math.max(2, Number(el.name[1]));
      const text = inline(el.children).replace(/\\\n/g, ' ').trim();
      return text === '' ? [] : [`${'#'.repeat(level)} ${text}`];
    }
    case 'hr':
      return ['---'];
    case 'pre': {
      const text = textOf(el).replace(/\n$/, '');
      const runs = text.match(/^`{3,}/gm) ?? [];
      const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
      return [`${fence}\n${text}\n${fence}`];
    }
    case 'blockquote': {
      const inner = blocks(el.children).join('\n\n');
      return inner === '' ? [] : [prefixLines(inner, '> ', '> ')];
    }
    case 'ul':
    case 'ol': {
      const start = el.name === 'ol' ? Number(el.attribs.start ?? '1') || 1 : 1;
      const items = el.children.filter((child): child is Element => isElement(child) && child.name === 'li');
      const lines = items.map((li, i) => {
        const marker = el.name === 'ol' ? `${start + i}. ` : '- ';
        const inner = blocks(li.children).join('\n\n');
        return prefixLines(inner === '' ? '' : inner, marker, ' '.repeat(marker.length));
      });
      return lines.length === 0 ? [] : [lines.join('\n')];
    }
    case 'li':
      return blocks(el.children);
    case 'figure':
      return blocks(el.children);
    case 'table':
    case 'thead':
    case 'tbody':
      return el.children.filter(isElement).flatMap((child) => block(child));
    case 'tr': {
      // A table's layout has no Markdown the editor offers: each row keeps its cells' text.
      const cells = el.children.filter(isElement).map((cell) => inline(cell.children).trim());
      const text = cells.filter((c) => c !== '').join(' — ');
      return text === '' ? [] : [paragraph(text)];
    }
    default:
      return blocks(el.children);
  }
}

export function htmlToMarkdown(html: string): string {
  const document = parseDocument(html, { decodeEntities: true });
  return blocks(document.children).join('\n\n');
}

const LINE_BREAKING = new Set(['br', 'p', 'div', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr']);

/**
 * The text of a piece of HTML as a reader sees it, entities decoded and tags gone: for titles,
 * excerpts and comments, which Wirepress keeps as plain text. Paragraphs and line breaks stay
 * as newlines when `keepLines`, else everything is one line.
 */
export function htmlToPlainText(html: string, options: { keepLines?: boolean } = {}): string {
  const document = parseDocument(html, { decodeEntities: true });
  const parts: string[] = [];
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') parts.push(node.data);
      else if (isElement(node)) {
        if (node.name === 'script' || node.name === 'style') continue;
        walk(node.children);
        if (LINE_BREAKING.has(node.name)) parts.push(node.name === 'br' ? '\n' : '\n\n');
      }
    }
  };
  walk(document.children);
  const text = parts.join('');
  if (!options.keepLines) return text.replace(/\s+/g, ' ').trim();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

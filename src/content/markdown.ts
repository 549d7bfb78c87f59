import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { heightAt, libraryIdOf, type ShownImage, type VariantFormat, variantPath, variantWidths } from '../domain/media.ts';
import { countWords } from '../domain/reading.ts';
import { trustSanitizedHtml, type SafeHtml } from '../domain/safe-html.ts';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
type Token = ReturnType<typeof markdown.parse>[number];

/** What a body needs of a library photo to show it at every size it is made in. */
export type BodyPhoto = Pick<ShownImage, 'id' | 'version' | 'width' | 'height'>;

/** How wide a photo in an article's text is shown: the column's width on a large screen, the screen's on a phone. */
export const BODY_IMAGE_SIZES = '(min-width: 60rem) 40rem, 100vw';

type RenderEnv = { photos?: ReadonlyMap<number, BodyPhoto> };

function srcsetOf(photo: BodyPhoto, format: VariantFormat): string {
  return variantWidths(photo.width)
    .map((w) => `${variantPath(photo, w, format)} ${w}w`)
    .join(', ');
}

const defaultImage = markdown.renderer.rules.image;

/**
 * `![alt](/media/12/)` naming a library photo becomes a <picture> in AVIF, WebP and JPEG at every
 * width made, with width and height so the page does not move as it loads; any other image is
 * rendered as markdown-it does.
 */
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  const id = token ? libraryIdOf(String(token.attrGet('src') ?? '')) : undefined;
  const photo = id === undefined ? undefined : (env as RenderEnv | undefined)?.photos?.get(id);
  if (!token || !photo) return defaultImage ? defaultImage(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  const escapeHtml = markdown.utils.escapeHtml;
  const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
  const title = token.attrGet('title');
  const titleAttr = title ? ` title="${escapeHtml(String(title))}"` : '';
  const widths = variantWidths(photo.width);
  const fallback = widths.filter((w) => w <= 1024).at(-1) ?? widths[0] ?? photo.width;
  const sources = (['avif', 'webp'] as const)
    .map((format) => `<source type="image/${format}" srcset="${escapeHtml(srcsetOf(photo, format))}" sizes="${BODY_IMAGE_SIZES}">`)
    .join('');
  return (
    `<picture>${sources}<img src="${escapeHtml(variantPath(photo, fallback, 'jpeg'))}" srcset="${escapeHtml(srcsetOf(photo, 'jpeg'))}" sizes="${BODY_IMAGE_SIZES}"` +
    ` alt="${alt}"${titleAttr} width="${fallback}" height="${heightAt(photo, fallback)}" loading="lazy" decoding="async"></picture>`
  );
};

/** The ids of the library photos a body shows (`![alt](/media/12/)`), each once. */
export function bodyPhotoIds(source: string): number[] {
  const ids = new Set<number>();
  const visit = (tokens: ReadonlyArray<Token>) => {
    for (const token of tokens) {
      if (token.type === 'image') {
        const id = libraryIdOf(String(token.attrGet('src') ?? ''));
        if (id !== undefined) ids.add(id);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(markdown.parse(source, {}));
  return [...ids];
}

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
    'picture',
    'source',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    source: ['type', 'srcset', 'sizes'],
    abbr: ['title'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source'],
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
};

/** HTML from elsewhere (an imported post) cut down to what an article body may contain, as the editor's HTML is. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/**
 * Markdown to HTML that is safe to put in a page: rendered by markdown-it, then sanitized. Images
 * naming one of `photos` become responsive pictures.
 */
export function renderMarkdown(source: string, photos?: ReadonlyMap<number, BodyPhoto>): SafeHtml {
  const env: RenderEnv = photos ? { photos } : {};
  return trustSanitizedHtml(sanitizeHtml(markdown.render(source, env), SANITIZE_OPTIONS));
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
export function renderBody(markdown: string, photos?: ReadonlyMap<number, BodyPhoto>): { bodyHtml: SafeHtml; bodyText: string; wordCount: number } {
  const bodyText = markdownToText(markdown);
  return { bodyHtml: renderMarkdown(markdown, photos), bodyText, wordCount: countWords(bodyText) };
}

import { htmlToMarkdown } from './html-to-markdown.ts';
import { sanitizeArticleHtml } from './markdown.ts';

/**
 * A WordPress post body as Wirepress keeps it: block-editor comments removed, the common
 * shortcodes turned into the HTML they stand for, paragraphs made where WordPress would make
 * them (wpautop), a closing credit line ("Source: IZ") taken out as the post's source, and the
 * rest sanitized as the editor sanitizes and written as the editor's Markdown.
 */

export interface CleanedBody {
  markdown: string;
  /** The outlet named by a closing "Source: …" line, which is no longer in the body. */
  sourceName: string | null;
}

/** Attachments the body may name by id ([gallery ids="…"]). */
export type AttachmentUrls = ReadonlyMap<string, { url: string; title: string }>;

const BLOCK_COMMENT = /<!--\s*\/?wp:[^>]*?-->/g;
/** `name attr="v" attr='v' attr=v` of a shortcode's opening tag. */
const ATTRIBUTE = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))/g;
const KNOWN_SHORTCODES = ['caption', 'wp_caption', 'gallery', 'embed', 'audio', 'video'] as const;

function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function link(url: string, text?: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(text ?? url)}</a>`;
}

function mediaUrl(attributes: Record<string, string>, inner: string): string | undefined {
  const url = attributes.src ?? attributes.mp3 ?? attributes.m4a ?? attributes.ogg ?? attributes.wav ?? attributes.mp4 ?? attributes.webm ?? attributes.url;
  const candidate = (url ?? inner).trim();
  return /^https?:\/\//i.test(candidate) ? candidate : undefined;
}

/** One shortcode, as HTML; undefined leaves it as the text it was. */
function expandShortcode(name: string, attributes: Record<string, string>, inner: string | undefined, attachments: AttachmentUrls): string | undefined {
  switch (name) {
    case 'caption':
    case 'wp_caption': {
      const body = inner ?? '';
      // The caption is the text after the image (or its link), else the caption attribute.
      const media = body.match(/^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i);
      const caption = (media ? media[2]! : '').trim() || attributes.caption || '';
      return `<figure>${media ? media[1] : body}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
    }
    case 'gallery': {
      const ids = (attributes.ids ?? attributes.include ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      const images = ids.map((id) => attachments.get(id)).filter((a) => a !== undefined);
      // Attachments it does not know (further down the file, or not exported): the shortcode stays as text.
      if (images.length === 0) return undefined;
      return images.map((a) => `<figure><img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.title)}"></figure>`).join('\n');
    }
    case 'embed': {
      const url = mediaUrl(attributes, inner ?? '');
      return url ? `<p>${link(url)}</p>` : undefined;
    }
    case 'audio':
    case 'video': {
      const url = mediaUrl(attributes, inner ?? '');
      // The editor's sanitizer keeps no players: the file is offered as a link, as a feed reader would show it.
      return url ? `<p>${link(url, `${name === 'audio' ? 'Audio' : 'Video'}: ${url}`)}</p>` : undefined;
    }
    default:
      return undefined;
  }
}

/** Expands the known shortcodes; any other stays as the readable text it was ("[contact-form]"). */
export function expandShortcodes(html: string, attachments: AttachmentUrls = new Map()): string {
  let out = html;
  for (const name of KNOWN_SHORTCODES) {
    // Enclosing form first ([caption …]…[/caption]), then the self-closing one ([gallery ids="1,2"]).
    const enclosing = new RegExp(`\\[${name}\\b([^\\]]*)\\]([\\s\\S]*?)\\[\\/${name}\\]`, 'gi');
    out = out.replace(enclosing, (whole, attrs: string, inner: string) => expandShortcode(name, attributesOf(attrs), inner, attachments) ?? whole);
    const single = new RegExp(`\\[${name}\\b([^\\]]*?)\\/?\\]`, 'gi');
    out = out.replace(single, (whole, attrs: string) => expandShortcode(name, attributesOf(attrs), undefined, attachments) ?? whole);
  }
  return out;
}

const BLOCK_TAG =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|figure|figcaption|table|thead|tbody|tr|td|th|hr|dl|dd|dt|section|article|aside|header|footer|address|form|fieldset)\b/i;

/**
 * WordPress's wpautop, simplified: text separated by blank lines becomes paragraphs and single
 * newlines line breaks; a piece that already starts with a block element is left alone.
 */
export function autoParagraphs(html: string): string {
  if (!/\n\s*\n/.test(html) && BLOCK_TAG.test(html.trim())) return html;
  return html
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .map((piece) => (BLOCK_TAG.test(piece) ? piece : `<p>${piece.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/** A closing line "Source: IZ" (with or without its paragraph, bold or not), at most a short name. */
const SOURCE_LINE =
  /(?:^|\n|<p[^>]*>|<br\s*\/?>)\s*(?:<(?:strong|b|em|i)>\s*)*Source:\s*(?:<\/?(?:strong|b|em|i)>\s*)*([^<>\n]{1,80}?)\s*(?:<\/(?:strong|b|em|i)>\s*)*(?:<\/p>)?\s*$/i;

/** Takes the credit line off the end of a body: the outlet's name and the body without it. */
export function takeSourceLine(html: string): { html: string; sourceName: string | null } {
  const trimmed = html.trimEnd();
  const m = trimmed.match(SOURCE_LINE);
  if (!m || m.index === undefined) return { html, sourceName: null };
  const name = m[1]!
    .replace(/&amp;/g, '&')
    .replace(/[.\s]+$/, '')
    .trim();
  if (name === '' || /https?:/i.test(name)) return { html, sourceName: null };
  // Keep the paragraph's or break's opening out of what is removed only when it was a line break.
  const kept = trimmed.slice(0, m.index) + (m[0].startsWith('\n') ? '\n' : '');
  return { html: kept.replace(/(?:<br\s*\/?>\s*)+$/i, '').trimEnd(), sourceName: name };
}

/** A WordPress body made ready for Wirepress's editor: see the module's comment. */
export function cleanWordpressBody(content: string, attachments: AttachmentUrls = new Map()): CleanedBody {
  const withoutBlocks = content.replace(BLOCK_COMMENT, '');
  const expanded = expandShortcodes(withoutBlocks, attachments);
  const paragraphs = autoParagraphs(expanded);
  const { html, sourceName } = takeSourceLine(paragraphs);
  return { markdown: htmlToMarkdown(sanitizeArticleHtml(html)), sourceName };
}

/** What a file of the old site became here: the photo's address in a body, and its full size for a link. */
export interface UploadedPhoto {
  /** `/media/12/`: an image naming it is shown as a <picture>. */
  image: string;
  /** The largest size made of it, where a link to the file now leads. */
  full: string;
}

/** `![alt](address "title")`: the editor's Markdown of an image, as html-to-markdown writes it (brackets in text escaped). */
const MARKDOWN_IMAGE = /!\[((?:[^\]\\]|\\.)*)\]\(([^\s()]+)((?:\s+"(?:[^"\\]|\\.)*")?)\)/g;
/** `](address "title")`: where a link leads; in text "]" is always escaped, so this is only ever a link's or image's end. */
const MARKDOWN_DESTINATION = /\]\(([^\s()]+)((?:\s+"(?:[^"\\]|\\.)*")?)\)/g;

/**
 * Images and links in a body that name files of the old site's uploads, pointed at the photos
 * they became: an image becomes the library's `/media/12/` (shown as a <picture>), a link leads to
 * the photo's full size. Returns how many such addresses found no photo (kept as they were).
 */
export function rewriteUploadLinks(
  markdown: string,
  find: (address: string) => UploadedPhoto | undefined,
  isUpload: (address: string) => boolean,
): { markdown: string; unresolved: number } {
  let unresolved = 0;
  const images = markdown.replace(MARKDOWN_IMAGE, (whole, alt: string, address: string, title: string) => {
    if (!isUpload(address)) return whole;
    const photo = find(address);
    if (!photo) return whole;
    return `![${alt}](${photo.image}${title})`;
  });
  const links = images.replace(MARKDOWN_DESTINATION, (whole, address: string, title: string) => {
    if (!isUpload(address)) return whole;
    const photo = find(address);
    if (!photo) {
      unresolved += 1;
      return whole;
    }
    return `](${photo.full}${title})`;
  });
  return { markdown: links, unresolved };
}

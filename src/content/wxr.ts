import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * A streaming reader of WordPress exports (WXR 1.0, 1.1 and 1.2): text goes in piece by piece
 * with write(), and each author, term and item comes out through a callback as soon as its
 * closing tag is read, so a file of any size is read in the memory of one item. The versions
 * differ in their namespaces (http://wordpress.org/export/1.0/ … /1.2/, and the excerpt's
 * …/1.x/excerpt/), in whether authors are listed (1.1 on) and in term ids; elements are matched
 * by namespace family and local name, so every version reads alike.
 */

export interface WxrChannel {
  title: string;
  link: string;
  /** The blog's own address (a multisite network's blog, not the network): the key its ids are kept under. */
  baseBlogUrl: string;
  baseSiteUrl: string;
  wxrVersion: string;
}

export interface WxrAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrTerm {
  kind: 'category' | 'tag' | 'other';
  id: string;
  slug: string;
  name: string;
  /** A category's parent, by slug, as WordPress writes it. */
  parentSlug: string;
  description: string;
  /** For wp:term, its taxonomy (nav_menu, post_format…). */
  taxonomy: string;
}

export interface WxrComment {
  id: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  date: string;
  dateGmt: string;
  content: string;
  /** "1", "0", "spam", "trash", "post-trashed". */
  approved: string;
  /** "" or "comment" for comments; "pingback", "trackback"… */
  type: string;
  parent: string;
  userId: string;
}

export interface WxrItem {
  title: string;
  link: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postParent: string;
  menuOrder: string;
  postType: string;
  isSticky: string;
  attachmentUrl: string;
  /** Categories, tags and other taxonomies the item is filed under. */
  terms: Array<{ domain: string; slug: string; name: string }>;
  meta: Array<{ key: string; value: string }>;
  comments: WxrComment[];
  /** The line the item started on, for messages about it. */
  line: number;
}

export interface WxrHandlers {
  channel?(channel: WxrChannel): void;
  author?(author: WxrAuthor): void;
  term?(term: WxrTerm): void;
  item?(item: WxrItem): void;
}

/** A file that is not a WordPress export at all (well-formed XML of another kind). */
export class WxrFormatError extends Error {
  override name = 'WxrFormatError';
}

const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/;
const EXCERPT_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/;
const CONTENT_NAMESPACE = 'http://purl.org/rss/1.0/modules/content/';
const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';

/** Longest text kept of one field: a body larger than this is not an article (WordPress's longtext aside). */
export const MAX_FIELD_CHARS = 16 * 1024 * 1024;

/** The element's name as this reader knows it: "wp:post_id", "content:encoded", "title". */
function nameOf(tag: SaxesTagNS): string {
  const uri = tag.uri;
  if (uri === '') return tag.local;
  if (WP_NAMESPACE.test(uri)) return `wp:${tag.local}`;
  if (EXCERPT_NAMESPACE.test(uri)) return `excerpt:${tag.local}`;
  if (uri === CONTENT_NAMESPACE) return `content:${tag.local}`;
  if (uri === DC_NAMESPACE) return `dc:${tag.local}`;
  return `{${uri}}${tag.local}`;
}

type Fields = Record<string, string>;

function emptyItem(line: number): WxrItem {
  return {
    title: '',
    link: '',
    creator: '',
    guid: '',
    content: '',
    excerpt: '',
    postId: '',
    postDate: '',
    postDateGmt: '',
    commentStatus: '',
    postName: '',
    status: '',
    postParent: '',
    menuOrder: '',
    postType: '',
    isSticky: '',
    attachmentUrl: '',
    terms: [],
    meta: [],
    comments: [],
    line,
  };
}

const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  title: 'title',
  link: 'link',
  'dc:creator': 'creator',
  guid: 'guid',
  'content:encoded': 'content',
  'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId',
  'wp:post_date': 'postDate',
  'wp:post_date_gmt': 'postDateGmt',
  'wp:comment_status': 'commentStatus',
  'wp:post_name': 'postName',
  'wp:status': 'status',
  'wp:post_parent': 'postParent',
  'wp:menu_order': 'menuOrder',
  'wp:post_type': 'postType',
  'wp:is_sticky': 'isSticky',
  'wp:attachment_url': 'attachmentUrl',
};

/**
 * Reads a WXR document pushed to it in pieces. write() and close() throw the parser's error,
 * which names the line and column ("export.xml:12:7: unclosed tag: item").
 */
export class WxrReader {
  private readonly parser: SaxesParser<{ xmlns: true; position: true; fileName: string }>;
  private readonly stack: string[] = [];
  private text = '';
  private channel: Partial<WxrChannel> & { announced?: boolean } = {};
  private item: WxrItem | undefined;
  private comment: Fields | undefined;
  private meta: Fields | undefined;
  private group: Fields | undefined;
  private sawRss = false;

  constructor(
    private readonly handlers: WxrHandlers,
    fileName = 'export',
  ) {
    this.parser = new SaxesParser({ xmlns: true, position: true, fileName });
    this.parser.on('error', (error) => {
      throw error;
    });
    this.parser.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    this.parser.on('closetag', (tag) => this.close(tag as SaxesTagNS));
    this.parser.on('text', (text) => this.append(text));
    this.parser.on('cdata', (text) => this.append(text));
  }

  /** The line the parser has reached, for progress and messages. */
  get line(): number {
    return this.parser.line;
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  end(): void {
    this.parser.close();
    if (!this.sawRss) throw new WxrFormatError('This is not a WordPress export: it has no <rss> element.');
    if (this.channel.wxrVersion === undefined) throw new WxrFormatError('This is not a WordPress export: it has no <wp:wxr_version>.');
  }

  private append(text: string): void {
    if (this.text.length + text.length > MAX_FIELD_CHARS) {
      throw new WxrFormatError(`line ${this.parser.line}: a field longer than ${MAX_FIELD_CHARS / 1024 / 1024} MB`);
    }
    this.text += text;
  }

  private announceChannel(): void {
    if (this.channel.announced) return;
    this.channel.announced = true;
    const link = this.channel.link ?? '';
    this.handlers.channel?.({
      title: this.channel.title ?? '',
      link,
      baseSiteUrl: this.channel.baseSiteUrl ?? link,
      baseBlogUrl: this.channel.baseBlogUrl || this.channel.baseSiteUrl || link,
      wxrVersion: this.channel.wxrVersion ?? '',
    });
  }

  private open(tag: SaxesTagNS): void {
    const name = nameOf(tag);
    this.stack.push(name);
    this.text = '';
    const depth = this.stack.length;
    if (depth === 1) {
      if (name !== 'rss') throw new WxrFormatError(`This is not a WordPress export: it starts with <${tag.name}>, not <rss>.`);
      this.sawRss = true;
    }
    if (depth === 3 && this.stack[1] === 'channel') {
      if (name === 'item') {
        this.announceChannel();
        this.item = emptyItem(this.parser.line);
      } else if (name === 'wp:author' || name === 'wp:category' || name === 'wp:tag' || name === 'wp:term') {
        this.group = {};
      }
    }
    if (this.item && depth === 4) {
      if (name === 'wp:comment') this.comment = {};
      else if (name === 'wp:postmeta') this.meta = {};
      else if (name === 'category') {
        this.item.terms.push({ domain: String(tag.attributes.domain?.value ?? 'category'), slug: String(tag.attributes.nicename?.value ?? ''), name: '' });
      }
    }
  }

  private close(tag: SaxesTagNS): void {
    const name = nameOf(tag);
    const depth = this.stack.length;
    this.stack.pop();
    const text = this.text;
    this.text = '';
    if (depth === 3 && this.stack[1] === 'channel') {
      this.closeChannelChild(name, text);
      return;
    }
    if (depth === 4 && this.group && this.stack[2]?.startsWith('wp:')) {
      this.group[name] = text;
      return;
    }
    if (!this.item) return;
    if (depth === 4) {
      const field = ITEM_FIELDS[name];
      if (field) (this.item[field] as string) = text;
      else if (name === 'category') {
        const term = this.item.terms[this.item.terms.length - 1];
        if (term) term.name = text;
      } else if (name === 'wp:comment' && this.comment) {
        this.item.comments.push(commentOf(this.comment));
        this.comment = undefined;
      } else if (name === 'wp:postmeta' && this.meta) {
        this.item.meta.push({ key: this.meta['wp:meta_key'] ?? '', value: this.meta['wp:meta_value'] ?? '' });
        this.meta = undefined;
      }
    } else if (depth === 5) {
      if (this.comment) this.comment[name] = text;
      else if (this.meta) this.meta[name] = text;
    }
  }

  private closeChannelChild(name: string, text: string): void {
    const group = this.group;
    this.group = undefined;
    if (name === 'item' && this.item) {
      const item = this.item;
      this.item = undefined;
      this.handlers.item?.(item);
      return;
    }
    if (name === 'title') this.channel.title = text;
    else if (name === 'link') this.channel.link = text.trim();
    else if (name === 'wp:base_site_url') this.channel.baseSiteUrl = text.trim();
    else if (name === 'wp:base_blog_url') this.channel.baseBlogUrl = text.trim();
    else if (name === 'wp:wxr_version') this.channel.wxrVersion = text.trim();
    else if (group && name === 'wp:author') {
      this.announceChannel();
      this.handlers.author?.({
        id: group['wp:author_id'] ?? '',
        login: group['wp:author_login'] ?? '',
        email: group['wp:author_email'] ?? '',
        displayName: group['wp:author_display_name'] ?? '',
        firstName: group['wp:author_first_name'] ?? '',
        lastName: group['wp:author_last_name'] ?? '',
      });
    } else if (group && (name === 'wp:category' || name === 'wp:tag' || name === 'wp:term')) {
      this.announceChannel();
      const taxonomy = name === 'wp:term' ? (group['wp:term_taxonomy'] ?? '') : name === 'wp:category' ? 'category' : 'post_tag';
      const kind = taxonomy === 'category' ? 'category' : taxonomy === 'post_tag' ? 'tag' : 'other';
      this.handlers.term?.({
        kind,
        id: group['wp:term_id'] ?? '',
        slug: group['wp:category_nicename'] ?? group['wp:tag_slug'] ?? group['wp:term_slug'] ?? '',
        name: group['wp:cat_name'] ?? group['wp:tag_name'] ?? group['wp:term_name'] ?? '',
        parentSlug: group['wp:category_parent'] ?? group['wp:term_parent'] ?? '',
        description: group['wp:category_description'] ?? group['wp:tag_description'] ?? group['wp:term_description'] ?? '',
        taxonomy,
      });
    }
  }
}

function commentOf(fields: Fields): WxrComment {
  return {
    id: fields['wp:comment_id'] ?? '',
    author: fields['wp:comment_author'] ?? '',
    email: fields['wp:comment_author_email'] ?? '',
    url: fields['wp:comment_author_url'] ?? '',
    ip: fields['wp:comment_author_IP'] ?? '',
    date: fields['wp:comment_date'] ?? '',
    dateGmt: fields['wp:comment_date_gmt'] ?? '',
    content: fields['wp:comment_content'] ?? '',
    approved: fields['wp:comment_approved'] ?? '',
    type: fields['wp:comment_type'] ?? '',
    parent: fields['wp:comment_parent'] ?? '',
    userId: fields['wp:comment_user_id'] ?? '',
  };
}

import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { excerptOf, renderBody } from '../content/markdown.ts';
import { htmlToPlainText } from '../content/html-to-markdown.ts';
import { cleanWordpressBody, rewriteUploadLinks, type AttachmentUrls, type UploadedPhoto } from '../content/wordpress-body.ts';
import { WxrReader, type WxrAuthor, type WxrChannel, type WxrComment, type WxrItem, type WxrTerm } from '../content/wxr.ts';
import type { CommentStatus } from '../domain/comments.ts';
import { networkOf } from '../domain/comment-pace.ts';
import {
  detectPermalinkStructure,
  legacyAddressOfLink,
  legacyQueryAddress,
  normalizeLegacyPath,
  pathOfStructure,
  type LegacyTargetKind,
  type StructureValues,
} from '../domain/legacy-addresses.ts';
import { EVERY_PAGE } from '../domain/page-keys.ts';
import { hostOf, looksLikeImage, uploadKeyOf } from '../domain/wordpress-uploads.ts';
import { nameSlug } from '../domain/post-editor.ts';
import { permalinkOf, type PostStatus } from '../domain/posts.ts';
import { loadSiteSettings } from './settings.ts';
import { isValidSlug, slugify } from '../domain/slugs.ts';
import type { SourceRole } from '../domain/sources.ts';
import { setPostPinned } from '../storage/post-editor.ts';
import { insertAuthor } from '../storage/authors.ts';
import { changeContent } from '../storage/changes.ts';
import { appendCommentEvents, type CommentEvent } from '../storage/comment-events.ts';
import type { Database, Executor, Tx } from '../storage/db.ts';
import { putLegacyAddress } from '../storage/legacy-addresses.ts';
import { putRedirect } from '../storage/redirects.ts';
import { ensureSource, replacePostSources } from '../storage/sources.ts';
import { ensureTerm, replacePostTerms } from '../storage/terms.ts';
import { insertUser } from '../storage/users.ts';
import {
  authorSlugTaken,
  findAuthorIdOfUserEmail,
  findCommentDepth,
  findFirstAdministratorId,
  findPostBody,
  findPostPlace,
  findUserIdOfAuthor,
  findSourceByName,
  findWordpressItems,
  freePostSlug,
  insertImportedComment,
  insertImportedPost,
  putWordpressItem,
  putWordpressItems,
  setPostFeaturedMedia,
  setPostImage,
  setTermParent,
  updateImportedComment,
  updateImportedPost,
  updatePostBody,
  type ImportedComment,
  type ImportedPost,
  type WordpressItemRecord,
  type WordpressKind,
} from '../storage/wordpress-import.ts';
import { normalizeEmail } from './accounts.ts';
import { DomainError, NotFoundError } from '../domain/errors.ts';
import { isMenuUrl, MAX_MENU_LABEL, type MenuName } from '../domain/menus.ts';
import { isReservedPageSlug, MAX_PAGE_DEPTH } from '../domain/pages.ts';
import { deleteMenuItem } from '../storage/menus.ts';
import { addMenuItem } from './menus.ts';
import { loadBodyPhotos } from './media.ts';
import type { MediaVariants } from './media-variants.ts';
import { changePage, createPage, type SavedPage } from './pages.ts';
import { attachmentFileOf, FolderListing, importAttachmentPhoto, KEPT_AS_LINK, OUTSIDE_UPLOADS, realFileOf } from './wordpress-photos.ts';

/**
 * `wirepress import wordpress`: a WordPress export read as it streams in, written in batches,
 * each batch one transaction through changeContent(). Every imported object is recorded with the
 * export's site and WordPress id and a digest of what it was, so running the same export again
 * changes nothing and a newer export changes only what changed; an import that stops (a
 * malformed file, a lost connection) keeps the batches before it and goes on from there when run
 * again.
 */

/** Items (posts, attachments…) per transaction: big enough to be quick, small enough that a stop loses little. */
export const IMPORT_BATCH_ITEMS = 100;
/** Comments per transaction, before the item count is reached: a post with thousands of comments makes its own batch. */
const IMPORT_BATCH_COMMENTS = 2_000;
/** Attachments remembered for galleries and featured images: far more than a newsroom's export has before its posts name them. */
const MAX_ATTACHMENTS_REMEMBERED = 500_000;
/** Post meta a Wirepress export writes with a post's sources, so they come back structured. */
export const SOURCES_META_KEY = '_wirepress_sources';
/** Post meta a Wirepress export writes with a post's lead image (address and alt text). */
export const IMAGE_META_KEY = '_wirepress_image';

export type CountedKind = 'authors' | 'categories' | 'tags' | 'posts' | 'pages' | 'menuItems' | 'comments' | 'attachments' | 'photos' | 'addresses';
export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  site: string;
  wxrVersion: string;
  /** The permalink structure the export's links follow (a name), or the one given. */
  permalinks: string | null;
  dryRun: boolean;
  items: number;
  counts: Record<CountedKind, KindCounts>;
  /** Why items were left out, with how many each. */
  skipped: Record<string, number>;
  /** Attachments whose file stayed a link to the old site (with --uploads), with why and how many each. */
  keptAsLinks: Record<string, number>;
  /** Authors added as users without a password: they set one through an invitation. */
  usersAwaitingPassword: number;
  /** Top-level pages whose slug is one of this site's own addresses, imported under "<slug>-page". */
  pagesRenamed: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** A structure as WordPress writes it ("/%year%/%postname%/"), already checked; its addresses are kept too. */
  permalinkStructure?: string;
  /** A copy of wp-content/uploads: attachments must lie inside it; with `media`, their image files go into the photo library. */
  uploadsDir?: string;
  /** The photo library's image work, for the files of `uploadsDir`. */
  media?: MediaVariants;
  fileName?: string;
  now: () => Date;
  onProgress?: (items: number, photos: number) => void;
}

/** The file stops being read: its message names the line and column, and says what was kept. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
}

type Entry = { kind: 'author'; author: WxrAuthor } | { kind: 'term'; term: WxrTerm } | { kind: 'item'; item: WxrItem };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, '');
}

function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

function emptyCounts(): Record<CountedKind, KindCounts> {
  const zero = (): KindCounts => ({ created: 0, updated: 0, unchanged: 0 });
  return {
    authors: zero(),
    categories: zero(),
    tags: zero(),
    posts: zero(),
    pages: zero(),
    menuItems: zero(),
    comments: zero(),
    attachments: zero(),
    photos: zero(),
    addresses: zero(),
  };
}

/** "2019-03-04 10:20:30" as that instant in UTC; undefined for WordPress's zero date or anything else. */
export function parseWordpressDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || m[1] === '0000') return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The nearest Wirepress state of a WordPress post status; undefined for those not imported, with why. */
export function mapPostStatus(status: string): { status: PostStatus; visible: boolean } | { skip: string } {
  switch (status) {
    case 'publish':
    case 'future':
      return { status: 'published', visible: true };
    case 'draft':
    case 'pending':
    case 'private':
      return { status: 'draft', visible: false };
    case 'trash':
      return { skip: 'posts in the trash' };
    case 'auto-draft':
      return { skip: 'automatic drafts' };
    case 'inherit':
      return { skip: 'revisions' };
    default:
      return { skip: `posts with unknown status "${status}"` };
  }
}

export function mapCommentStatus(approved: string): CommentStatus | undefined {
  if (approved === '1' || approved === 'approve') return 'approved';
  if (approved === '0' || approved === 'hold') return 'pending';
  if (approved === 'spam') return 'spam';
  if (approved === 'trash' || approved === 'post-trashed') return 'trash';
  return undefined;
}

/** A slug from the export (percent-encoded when not Latin), else from the title, valid for Wirepress. */
function slugOf(raw: string, fallback: string): string {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Kept as it is: a stray "%" in a slug.
  }
  const slug = decoded.normalize('NFC').toLowerCase().trim();
  if (isValidSlug(slug)) return slug;
  return slugify(slug) || slugify(fallback);
}

const WP_HOST_KEY = (url: string): string => url.trim().replace(/\/+$/, '').toLowerCase();

/** A URL for the author's website: http(s) only, as native comments. */
function httpUrl(text: string): string | null {
  const url = text.trim();
  if (url === '' || url.length > 200) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

interface Attachment {
  url: string;
  title: string;
  /** Its alt text (_wp_attachment_image_alt), else its title, as the lead image's. */
  alt: string;
  /** The library photo its file became, when it did. */
  mediaId?: number;
}

interface ImportState {
  site: string;
  /** The site's time zone, which dates its permalinks. */
  timeZone: string;
  channel: WxrChannel | undefined;
  summary: ImportSummary;
  authors: Map<string, number>;
  terms: Map<string, number>;
  attachments: Map<string, Attachment>;
  /** Categories whose parent had not been read yet: child term id → parent slug. */
  orphans: Map<number, string>;
  /** Posts whose featured image is an attachment further down the file. */
  featured: Array<{ postId: number; attachmentId: string }>;
  /** Attachments whose post comes further down the file. */
  strayAttachments: WxrItem[];
  samples: Array<{ link: string } & StructureValues>;
  /** Each category's parent, by slug, for the addresses /category/parent/child/ had. */
  categoryParents: Map<string, string>;
  /** Pages, written once the whole file is read (a parent may come after its child). */
  pages: WxrItem[];
  /** Menu items, written after the pages they lead to. */
  menuItems: WxrItem[];
  /** The export's menus by slug, in the order it lists them: the first becomes the header, the second the footer. */
  navMenus: string[];
  /** Terms by WordPress term id, for the menu items that name them. */
  termIds: Map<string, { kind: 'category' | 'tag'; slug: string }>;
  /** The old site's host, which addresses without one in bodies are on. */
  siteHost: string;
  /**
   * Photos by the base key of their file's address (domain/wordpress-uploads.ts), for bodies to
   * show them. An address is looked up as it is first, then as a size of another file, so that a
   * file whose own name looks like a size ("plan-300x200.png") is never taken for another's.
   */
  photos: Map<string, UploadedPhoto>;
  /** Posts whose text names uploaded files not yet read: rewritten once every attachment is. */
  bodiesToRewrite: number[];
  /**
   * Records of posts waiting for the end of the file (their featured photo, their text with the
   * photos), written then: until that is done a post is recorded with a digest of its own, so
   * that an import stopped before the end shows it again, as changed, on the next run.
   */
  pendingRecords: WordpressItemRecord[];
  folders: FolderListing;
  /** Users by byline id, for who uploaded an attachment (null: the byline has no user). */
  uploaders: Map<number, number | null>;
  /** Whoever is answerable for attachments without an author who is a user; undefined until asked. */
  fallbackUploader: number | null | undefined;
}

function skip(state: ImportState, reason: string, n = 1): void {
  state.summary.skipped[reason] = (state.summary.skipped[reason] ?? 0) + n;
}

/**
 * Imports a WordPress export read from `chunks` (text, in order). Throws ImportStoppedError when
 * the file is malformed or not an export: batches before the error stay, the one in progress
 * is not written.
 */
export async function importWordpress(database: Database, chunks: AsyncIterable<string>, options: ImportOptions): Promise<ImportSummary> {
  const dryRun = options.dryRun ?? false;
  const state: ImportState = {
    site: '',
    timeZone: (await loadSiteSettings(database.db)).timezone,
    channel: undefined,
    summary: {
      site: '',
      wxrVersion: '',
      permalinks: null,
      dryRun,
      items: 0,
      counts: emptyCounts(),
      skipped: {},
      usersAwaitingPassword: 0,
      pagesRenamed: 0,
      keptAsLinks: {},
    },
    authors: new Map(),
    terms: new Map(),
    attachments: new Map(),
    orphans: new Map(),
    featured: [],
    strayAttachments: [],
    samples: [],
    categoryParents: new Map(),
    pages: [],
    menuItems: [],
    navMenus: [],
    termIds: new Map(),
    siteHost: '',
    photos: new Map(),
    bodiesToRewrite: [],
    pendingRecords: [],
    folders: new FolderListing(),
    uploaders: new Map(),
    fallbackUploader: undefined,
  };
  let pending: Entry[] = [];
  let pendingItems = 0;
  let pendingComments = 0;
  const reader = new WxrReader(
    {
      channel: (channel) => {
        state.channel = channel;
        state.site = WP_HOST_KEY(channel.baseBlogUrl);
        state.siteHost = hostOf(channel.link) || hostOf(channel.baseBlogUrl);
        state.summary.site = state.site;
        state.summary.wxrVersion = channel.wxrVersion;
      },
      author: (author) => pending.push({ kind: 'author', author }),
      term: (term) => {
        if (term.kind === 'other' && term.taxonomy === 'nav_menu') {
          if (term.slug !== '' && !state.navMenus.includes(term.slug)) state.navMenus.push(term.slug);
          return;
        }
        if (term.kind !== 'other' && /^\d+$/.test(term.id) && state.termIds.size < MAX_ATTACHMENTS_REMEMBERED)
          state.termIds.set(term.id, { kind: term.kind, slug: term.slug });
        pending.push({ kind: 'term', term });
      },
      item: (item) => {
        pending.push({ kind: 'item', item });
        pendingItems += 1;
        pendingComments += item.comments.length;
      },
    },
    options.fileName,
  );
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingItems = 0;
    pendingComments = 0;
    await writeBatch(database, state, batch, options, dryRun);
    options.onProgress?.(state.summary.items, photosCounted(state));
  };
  const stopped = (error: unknown): ImportStoppedError => {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
    const kept =
      state.summary.items > 0 && !dryRun
        ? ` The ${state.summary.items.toLocaleString('en-US')} items before it were imported; run the import again once the file is fixed and it goes on from there.`
        : '';
    return new ImportStoppedError(`The export could not be read: ${message}.${kept}`);
  };
  // Only the reader's errors mean the file is at fault; the database's are thrown as they are.
  const read = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      throw stopped(error);
    }
  };
  for await (const chunk of chunks) {
    read(() => reader.write(chunk));
    if (pendingItems >= IMPORT_BATCH_ITEMS || pendingComments >= IMPORT_BATCH_COMMENTS) await flush();
  }
  read(() => reader.end());
  await flush();
  await finish(database, state, options, dryRun);
  const detected = detectPermalinkStructure(state.samples) ?? (state.samples.length > 0 ? 'as each post link in the export' : null);
  state.summary.permalinks =
    options.permalinkStructure === undefined ? detected : `${detected ?? 'none found in the links'}, and ${options.permalinkStructure || 'plain'} as given`;
  return state.summary;
}

/** The batch in one transaction; in a dry run, read only. */
async function writeBatch(database: Database, state: ImportState, batch: Entry[], options: ImportOptions, dryRun: boolean): Promise<void> {
  if (state.site === '') throw new ImportStoppedError('The export could not be read: it names no site (no <link> or <wp:base_blog_url> in its channel).');
  const now = options.now();
  if (dryRun) {
    await database.db.connection().execute((conn) => planBatch(conn, state, batch, options));
    return;
  }
  await changeContent(database.db, now, async (tx, pagesChanged) => {
    const changed = await applyBatch(tx, state, batch, options, now);
    if (changed) pagesChanged([EVERY_PAGE]);
  });
  // After the batch, whose authors are then users who may have uploaded them.
  await importPhotos(database, state, batch, options);
}

function photosCounted(state: ImportState): number {
  const c = state.summary.counts.photos;
  return c.created + c.updated + c.unchanged;
}

function photosOn(options: ImportOptions): options is ImportOptions & { uploadsDir: string; media: MediaVariants } {
  return options.uploadsDir !== undefined && options.media !== undefined;
}

/** Who uploaded an attachment: the user of its author's byline, else the first imported author who is a user, else an administrator. */
async function uploaderFor(database: Database, state: ImportState, creator: string): Promise<number | null> {
  const userOf = async (authorId: number): Promise<number | null> => {
    if (!state.uploaders.has(authorId)) state.uploaders.set(authorId, (await findUserIdOfAuthor(database.db, authorId)) ?? null);
    return state.uploaders.get(authorId) ?? null;
  };
  const authorId = state.authors.get(clean(creator).trim());
  const own = authorId === undefined ? null : await userOf(authorId);
  if (own !== null) return own;
  if (state.fallbackUploader === undefined) {
    state.fallbackUploader = null;
    for (const id of state.authors.values()) {
      const user = await userOf(id);
      if (user !== null) {
        state.fallbackUploader = user;
        break;
      }
    }
    state.fallbackUploader ??= (await findFirstAdministratorId(database.db)) ?? null;
  }
  return state.fallbackUploader;
}

/** The batch's attachments whose files are in the uploads folder, into the photo library, one file at a time. */
async function importPhotos(database: Database, state: ImportState, batch: Entry[], options: ImportOptions): Promise<void> {
  if (!photosOn(options)) return;
  for (const entry of batch) {
    if (entry.kind !== 'item' || entry.item.postType !== 'attachment' || skipReason(entry.item)) continue;
    const item = entry.item;
    const url = item.attachmentUrl.trim() || item.guid.trim();
    // Refused already, and counted, by importAttachment.
    if (attachmentRefusal(url, options)) continue;
    // An attachment of no post: its page showed the photo, which is where its old addresses lead now.
    const pageAddresses = /^[1-9]\d*$/.test(item.postParent)
      ? []
      : [legacyQueryAddress('attachment_id', item.postId), legacyAddressOfLink(item.link)].filter((a) => a !== undefined);
    const result = await importAttachmentPhoto(
      { database, media: options.media, uploadsDir: options.uploadsDir, site: state.site, folders: state.folders, now: options.now() },
      item,
      url,
      itemDigest(item),
      await uploaderFor(database, state, item.creator),
      pageAddresses,
    );
    if (result.kind === 'refused') {
      skip(state, result.reason);
      continue;
    }
    if (result.kind === 'link') {
      state.summary.keptAsLinks[result.reason] = (state.summary.keptAsLinks[result.reason] ?? 0) + 1;
      continue;
    }
    state.summary.counts.photos[result.outcome] += 1;
    state.summary.counts.addresses.created += result.addresses;
    const known = state.attachments.get(item.postId);
    if (known) known.mediaId = result.mediaId;
    const key = uploadKeyOf(url, state.siteHost, 'base');
    if (key !== undefined && state.photos.size < MAX_ATTACHMENTS_REMEMBERED) state.photos.set(key, result.photo);
  }
}

/** A body's images and links to uploaded files pointed at the photos they became; how many found none yet. */
function withPhotos(state: ImportState, markdown: string): { markdown: string; unresolved: number } {
  return rewriteUploadLinks(
    markdown,
    (address) => {
      const asIs = uploadKeyOf(address, state.siteHost, 'as-is');
      const original = uploadKeyOf(address, state.siteHost, 'original');
      return (asIs === undefined ? undefined : state.photos.get(asIs)) ?? (original === undefined ? undefined : state.photos.get(original));
    },
    // Only images may become photos: a post linking a PDF does not wait for the end of the file.
    (address) => {
      const key = uploadKeyOf(address, state.siteHost, 'as-is');
      return key !== undefined && looksLikeImage(key);
    },
  );
}

function authorDigest(a: WxrAuthor): string {
  return digestOf([a.email, a.displayName, a.firstName, a.lastName]);
}

function termKey(kind: 'category' | 'tag', slug: string): string {
  return `${kind}:${slug}`;
}

function termDigest(t: WxrTerm): string {
  return digestOf([t.name, t.parentSlug, t.description]);
}

function itemDigest(item: WxrItem): string {
  const { comments: _comments, line: _line, ...rest } = item;
  return digestOf(rest);
}

/**
 * A post's or page's digest: with the uploads read, a different one, so that a site imported
 * first without them has its texts and featured images shown with the photos when it is
 * imported again with them.
 */
function textDigest(item: WxrItem, options: ImportOptions): string {
  return photosOn(options) ? digestOf([itemDigest(item), 'with the photos of the uploads folder']) : itemDigest(item);
}

function commentDigest(c: WxrComment): string {
  return digestOf(c);
}

function count(state: ImportState, kind: CountedKind, found: { digest: string } | undefined, digest: string): 'created' | 'updated' | 'unchanged' {
  const outcome = !found ? 'created' : found.digest === digest ? 'unchanged' : 'updated';
  state.summary.counts[kind][outcome] += 1;
  return outcome;
}

/** What a dry run reports: the same counts, from the records of earlier imports, with nothing written. */
async function planBatch(db: Executor, state: ImportState, batch: Entry[], options: ImportOptions): Promise<void> {
  for (const entry of batch) {
    if (entry.kind === 'author') {
      const found = (await findWordpressItems(db, state.site, 'author', [entry.author.login])).get(entry.author.login);
      count(state, 'authors', found, authorDigest(entry.author));
    } else if (entry.kind === 'term') {
      const t = entry.term;
      if (t.kind === 'other') {
        skip(state, `terms of other taxonomies (${t.taxonomy || 'unnamed'})`);
        continue;
      }
      const found = (await findWordpressItems(db, state.site, t.kind, [t.slug])).get(t.slug);
      count(state, t.kind === 'category' ? 'categories' : 'tags', found, termDigest(t));
    } else {
      state.summary.items += 1;
      const item = entry.item;
      const reason = skipReason(item);
      if (reason) {
        skip(state, reason);
        continue;
      }
      if (item.postType === 'page' || item.postType === 'nav_menu_item') {
        keepForLater(state, item);
        continue;
      }
      const refused = item.postType === 'attachment' ? attachmentRefusal(item.attachmentUrl.trim() || item.guid.trim(), options) : undefined;
      if (refused) {
        skip(state, refused);
        continue;
      }
      const kind: WordpressKind = item.postType === 'attachment' ? 'attachment' : 'post';
      const found = (await findWordpressItems(db, state.site, kind, [item.postId])).get(item.postId);
      count(state, kind === 'post' ? 'posts' : 'attachments', found, kind === 'post' ? textDigest(item, options) : itemDigest(item));
      if (kind === 'attachment') await planPhoto(db, state, item, options);
      if (kind === 'post') {
        const comments = importableComments(state, item);
        const known = await findWordpressItems(
          db,
          state.site,
          'comment',
          comments.map((c) => c.id),
        );
        for (const c of comments) count(state, 'comments', known.get(c.id), commentDigest(c));
      }
    }
  }
}

/** What a dry run says of an attachment's file: a photo it would store (the file found, not yet decoded), or why not. */
async function planPhoto(db: Executor, state: ImportState, item: WxrItem, options: ImportOptions): Promise<void> {
  if (!photosOn(options)) return;
  const url = item.attachmentUrl.trim() || item.guid.trim();
  const found = (await findWordpressItems(db, state.site, 'photo', [item.postId])).get(item.postId);
  if (found) {
    count(state, 'photos', found, itemDigest(item));
    return;
  }
  const rel = attachmentFileOf(item, url);
  const file = rel === undefined ? 'outside' : looksLikeImage(rel) ? await realFileOf(options.uploadsDir, rel) : 'not an image';
  const reason = file === 'not an image' ? KEPT_AS_LINK.notImage : file === 'missing' ? KEPT_AS_LINK.missing : undefined;
  if (file === 'outside') skip(state, OUTSIDE_UPLOADS);
  else if (reason !== undefined) state.summary.keptAsLinks[reason] = (state.summary.keptAsLinks[reason] ?? 0) + 1;
  else state.summary.counts.photos.created += 1;
}

/** Why an item is not imported, or undefined when it is. */
function skipReason(item: WxrItem): string | undefined {
  if (!/^\d+$/.test(item.postId)) return 'items without a post id';
  switch (item.postType) {
    case 'post': {
      const mapped = mapPostStatus(item.status);
      return 'skip' in mapped ? mapped.skip : undefined;
    }
    case 'attachment':
      return undefined;
    case 'page': {
      const mapped = mapPostStatus(item.status);
      return 'skip' in mapped ? mapped.skip.replace(/^posts/, 'pages') : undefined;
    }
    case 'nav_menu_item':
      return undefined;
    case 'revision':
      return 'revisions';
    default:
      return `items of type "${item.postType || 'unnamed'}"`;
  }
}

/** The item's comments that are imported, parents before replies; pingbacks and comments of unknown status are counted as skipped. */
function importableComments(state: ImportState, item: WxrItem): WxrComment[] {
  const out: WxrComment[] = [];
  for (const c of item.comments) {
    if (c.type !== '' && c.type !== 'comment')
      skip(state, c.type === 'pingback' || c.type === 'trackback' ? 'pingbacks and trackbacks' : `comments of type "${c.type}"`);
    else if (!/^\d+$/.test(c.id)) skip(state, 'comments without an id');
    else if (!mapCommentStatus(c.approved)) skip(state, `comments with unknown status "${c.approved}"`);
    else if (htmlToPlainText(c.content, { keepLines: true }).trim() === '') skip(state, 'empty comments');
    else out.push(c);
  }
  // WordPress numbers a reply after what it replies to.
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

async function applyBatch(tx: Tx, state: ImportState, batch: Entry[], options: ImportOptions, now: Date): Promise<boolean> {
  let changed = false;
  for (const entry of batch) {
    if (entry.kind === 'author') changed = (await importAuthor(tx, state, entry.author, now)) || changed;
    else if (entry.kind === 'term') changed = (await importTerm(tx, state, entry.term, now)) || changed;
    else {
      state.summary.items += 1;
      const reason = skipReason(entry.item);
      if (reason) skip(state, reason);
      else if (entry.item.postType === 'page' || entry.item.postType === 'nav_menu_item') keepForLater(state, entry.item);
      else if (entry.item.postType === 'attachment') changed = (await importAttachment(tx, state, entry.item, options, now)) || changed;
      else changed = (await importPost(tx, state, entry.item, options, now)) || changed;
    }
  }
  return changed;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

async function createAuthor(tx: Tx, state: ImportState, login: string, displayName: string, email: string, now: Date): Promise<number> {
  const address = normalizeEmail(email);
  if (EMAIL.test(address) && address.length <= 254) {
    const existing = await findAuthorIdOfUserEmail(tx, address);
    if (existing !== undefined) return existing;
  }
  const base = nameSlug(login) || nameSlug(displayName) || 'author';
  let slug = base;
  for (let n = 2; await authorSlugTaken(tx, slug); n++) slug = `${base}-${n}`;
  const author = await insertAuthor(tx, { slug, displayName: displayName || login }, now);
  if (EMAIL.test(address) && address.length <= 254) {
    await insertUser(tx, { email: address, displayName: author.displayName, role: 'author', authorId: author.id, passwordHash: null }, now);
    state.summary.usersAwaitingPassword += 1;
  }
  return author.id;
}

async function importAuthor(tx: Tx, state: ImportState, a: WxrAuthor, now: Date): Promise<boolean> {
  const login = clean(a.login).trim();
  if (login === '') {
    skip(state, 'authors without a login');
    return false;
  }
  const found = (await findWordpressItems(tx, state.site, 'author', [login])).get(login);
  const digest = authorDigest(a);
  const outcome = count(state, 'authors', found, digest);
  const displayName = clean(htmlToPlainText(a.displayName)).slice(0, 200) || [a.firstName, a.lastName].join(' ').trim() || login;
  const authorId = found ? found.localId : await createAuthor(tx, state, login, displayName, clean(a.email), now);
  state.authors.set(login, authorId);
  if (outcome === 'unchanged') return false;
  if (/^\d+$/.test(a.id)) await putAddress(tx, state, legacyQueryAddress('author', a.id), 'author', authorId, now);
  await putWordpressItem(tx, { site: state.site, kind: 'author', wpId: login, localId: authorId, digest }, now);
  return outcome === 'created';
}

/** The byline of a post's dc:creator, created when the export did not list its author (WXR 1.0). */
async function authorFor(tx: Tx, state: ImportState, login: string, now: Date): Promise<number> {
  const key = clean(login).trim() || 'unknown';
  const cached = state.authors.get(key);
  if (cached !== undefined) return cached;
  const found = (await findWordpressItems(tx, state.site, 'author', [key])).get(key);
  const id = found ? found.localId : await createAuthor(tx, state, key, key, '', now);
  if (!found) {
    state.summary.counts.authors.created += 1;
    await putWordpressItem(tx, { site: state.site, kind: 'author', wpId: key, localId: id, digest: digestOf([key]) }, now);
  }
  state.authors.set(key, id);
  return id;
}

function termSlugOf(raw: string, name: string): string {
  return slugOf(raw, name) || nameSlug(name) || 'term';
}

async function termFor(tx: Tx, state: ImportState, kind: 'category' | 'tag', rawSlug: string, rawName: string, now: Date): Promise<number> {
  const name = clean(htmlToPlainText(rawName)).slice(0, 200) || rawSlug;
  const slug = termSlugOf(rawSlug, name);
  const cached = state.terms.get(termKey(kind, slug));
  if (cached !== undefined) return cached;
  const term = await ensureTerm(tx, { kind, slug, name: name || slug }, now);
  state.terms.set(termKey(kind, slug), term.id);
  return term.id;
}

async function importTerm(tx: Tx, state: ImportState, t: WxrTerm, now: Date): Promise<boolean> {
  if (t.kind === 'other') {
    skip(state, `terms of other taxonomies (${t.taxonomy || 'unnamed'})`);
    return false;
  }
  const counted = t.kind === 'category' ? 'categories' : 'tags';
  const key = t.slug;
  const found = (await findWordpressItems(tx, state.site, t.kind, [key])).get(key);
  const digest = termDigest(t);
  const outcome = count(state, counted, found, digest);
  const id = await termFor(tx, state, t.kind, t.slug, t.name, now);
  if (t.kind === 'category' && t.parentSlug !== '') state.categoryParents.set(t.slug, t.parentSlug);
  if (outcome === 'unchanged') return false;
  if (t.kind === 'category') {
    if (t.parentSlug !== '') {
      const parent = state.terms.get(termKey('category', termSlugOf(t.parentSlug, t.parentSlug)));
      if (parent !== undefined) await setTermParent(tx, id, parent);
      else state.orphans.set(id, t.parentSlug);
    }
    if (/^\d+$/.test(t.id)) await putAddress(tx, state, legacyQueryAddress('cat', t.id), 'category', id, now);
    if (t.parentSlug !== '') {
      const chain = [t.slug];
      for (let up = state.categoryParents.get(t.slug); up !== undefined && chain.length < 10; up = state.categoryParents.get(up)) chain.unshift(up);
      await putAddress(tx, state, categoryPathOf(chain), 'category', id, now);
    }
  } else {
    await putAddress(tx, state, legacyQueryAddress('tag', termSlugOf(t.slug, t.name)), 'tag', id, now);
  }
  await putWordpressItem(tx, { site: state.site, kind: t.kind, wpId: key, localId: id, digest }, now);
  return true;
}

async function putAddress(tx: Tx, state: ImportState, address: string | undefined, kind: LegacyTargetKind, id: number, now: Date): Promise<void> {
  if (address === undefined) return;
  await putLegacyAddress(tx, address, kind, id, now);
  state.summary.counts.addresses.created += 1;
}

const UPLOADS_PATH = '/wp-content/uploads/';

/** The attachment's file inside the uploads folder; undefined when its address leads outside it (or is not an upload at all). */
export function uploadsPathOf(uploadsDir: string, attachmentUrl: string): string | undefined {
  let raw: string;
  let pathname: string;
  try {
    // The address as written, before URL parsing folds "a/../b" away: a "..", even encoded, is refused.
    raw = decodeURIComponent(attachmentUrl);
    pathname = decodeURIComponent(new URL(attachmentUrl).pathname);
  } catch {
    return undefined;
  }
  if (/(?:^|[/\\])\.\.(?:[/\\]|$)/.test(raw)) return undefined;
  const at = pathname.indexOf(UPLOADS_PATH);
  if (at === -1) return undefined;
  const root = resolve(uploadsDir);
  const file = resolve(root, `.${pathname.slice(at + UPLOADS_PATH.length - 1)}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return file;
}

/** Why an attachment is not imported, or undefined when it is. */
function attachmentRefusal(url: string, options: ImportOptions): string | undefined {
  if (!/^https?:\/\//i.test(url)) return 'attachments without a file address';
  if (options.uploadsDir !== undefined && uploadsPathOf(options.uploadsDir, url) === undefined)
    return 'attachments whose path leads outside the uploads folder';
  return undefined;
}

async function importAttachment(tx: Tx, state: ImportState, item: WxrItem, options: ImportOptions, now: Date, late = false): Promise<boolean> {
  const url = item.attachmentUrl.trim() || item.guid.trim();
  const refused = attachmentRefusal(url, options);
  if (refused) {
    skip(state, refused);
    return false;
  }
  if (state.attachments.size < MAX_ATTACHMENTS_REMEMBERED) {
    const title = clean(htmlToPlainText(item.title)).slice(0, 300);
    const alt = clean(htmlToPlainText(metaOf(item, '_wp_attachment_image_alt'))).slice(0, 300);
    state.attachments.set(item.postId, { url, title, alt: alt || title });
  }
  const parentWpId = item.postParent;
  let parentId = 0;
  if (/^[1-9]\d*$/.test(parentWpId)) {
    const parent = (await findWordpressItems(tx, state.site, 'post', [parentWpId])).get(parentWpId);
    if (parent) parentId = parent.localId;
    else if (!late) {
      // Its post comes further down the file: its addresses are kept at the end.
      state.strayAttachments.push(item);
      return false;
    }
  }
  const found = (await findWordpressItems(tx, state.site, 'attachment', [item.postId])).get(item.postId);
  const digest = itemDigest(item);
  const outcome = count(state, 'attachments', found, digest);
  if (outcome === 'unchanged') return false;
  if (parentId !== 0) {
    // An attachment's page showed its file in its post: the post is where its old addresses lead now.
    await putAddress(tx, state, legacyQueryAddress('attachment_id', item.postId), 'post', parentId, now);
    await putAddress(tx, state, legacyAddressOfLink(item.link), 'post', parentId, now);
  }
  await putWordpressItem(tx, { site: state.site, kind: 'attachment', wpId: item.postId, localId: parentId, digest }, now);
  return false;
}

interface SourceLine {
  name: string;
  role: SourceRole;
  url: string | null;
  language: string | null;
}

function sourcesFromMeta(item: WxrItem): SourceLine[] | undefined {
  const meta = item.meta.find((m) => m.key === SOURCES_META_KEY);
  if (!meta) return undefined;
  try {
    const parsed: unknown = JSON.parse(meta.value);
    if (!Array.isArray(parsed)) return undefined;
    const lines: SourceLine[] = [];
    for (const s of parsed) {
      if (typeof s !== 'object' || s === null) continue;
      const r = s as Record<string, unknown>;
      const name = typeof r.name === 'string' ? clean(r.name).trim().slice(0, 200) : '';
      const role = r.role === 'original' || r.role === 'cited' || r.role === 'via' ? r.role : 'cited';
      if (name === '') continue;
      lines.push({
        name,
        role,
        url: typeof r.url === 'string' ? httpUrl(r.url) : null,
        language: typeof r.language === 'string' ? clean(r.language).slice(0, 35) || null : null,
      });
    }
    return lines;
  } catch {
    return undefined;
  }
}

/** The lead image a Wirepress export carries as post meta. */
function imageFromMeta(item: WxrItem): Attachment | undefined {
  const meta = item.meta.find((m) => m.key === IMAGE_META_KEY);
  if (!meta) return undefined;
  try {
    const parsed = JSON.parse(meta.value) as { url?: unknown; alt?: unknown };
    const url = typeof parsed.url === 'string' ? httpUrl(parsed.url) : null;
    const alt = typeof parsed.alt === 'string' ? clean(parsed.alt).slice(0, 300) : '';
    return url ? { url, title: alt, alt } : undefined;
  } catch {
    return undefined;
  }
}

async function sourceIdFor(tx: Tx, name: string, now: Date): Promise<number> {
  const existing = await findSourceByName(tx, name);
  if (existing) return existing.id;
  return (await ensureSource(tx, { slug: nameSlug(name) || 'source', name, fullName: null, homepageUrl: null }, now)).id;
}

async function importPost(tx: Tx, state: ImportState, item: WxrItem, options: ImportOptions, now: Date): Promise<boolean> {
  const mapped = mapPostStatus(item.status);
  if ('skip' in mapped) return false;
  const found = (await findWordpressItems(tx, state.site, 'post', [item.postId])).get(item.postId);
  const digest = textDigest(item, options);
  const outcome = count(state, 'posts', found, digest);
  let postId = found?.localId;
  const localDate = item.postDate.trim();
  const slug = slugOf(item.postName, htmlToPlainText(item.title)) || `post-${item.postId}`;
  const firstCategory = item.terms.find((t) => t.domain === 'category')?.slug ?? '';
  const structureValues: StructureValues = { postId: item.postId, slug, localDate, category: firstCategory, author: item.creator };
  // WordPress links a scheduled post by ?p= until its time comes: only published posts show the structure.
  if (item.status === 'publish' && item.link !== '' && state.samples.length < 20) state.samples.push({ link: item.link, ...structureValues });
  if (outcome !== 'unchanged' || postId === undefined) {
    const written = await writePost(tx, state, item, mapped, postId, slug, options, now);
    postId = written.id;
    const record: WordpressItemRecord = { site: state.site, kind: 'post', wpId: item.postId, localId: postId, digest };
    const pending = written.waits && state.pendingRecords.length < MAX_ATTACHMENTS_REMEMBERED;
    if (pending) state.pendingRecords.push(record);
    await putWordpressItem(tx, pending ? { ...record, digest: `${digest}:waiting for its photos` } : record, now);
    await putAddress(tx, state, legacyQueryAddress('p', item.postId), 'post', postId, now);
    await putAddress(tx, state, legacyAddressOfLink(item.link), 'post', postId, now);
    if (options.permalinkStructure !== undefined)
      await putAddress(tx, state, pathOfStructure(options.permalinkStructure, structureValues), 'post', postId, now);
  }
  const commentsChanged = await importComments(tx, state, item, postId, now);
  return outcome !== 'unchanged' || commentsChanged;
}

async function writePost(
  tx: Tx,
  state: ImportState,
  item: WxrItem,
  mapped: { status: PostStatus; visible: boolean },
  existingId: number | undefined,
  wantedSlug: string,
  options: ImportOptions,
  now: Date,
): Promise<{ id: number; waits: boolean }> {
  const cleaned = cleanWordpressBody(clean(item.content), state.attachments as AttachmentUrls);
  const rewritten = photosOn(options) ? withPhotos(state, cleaned.markdown) : { markdown: cleaned.markdown, unresolved: 0 };
  const body = renderBody(rewritten.markdown, await loadBodyPhotos(tx, rewritten.markdown));
  const title = clean(htmlToPlainText(item.title)).slice(0, 500) || `Untitled (${item.postId})`;
  const excerptText = clean(htmlToPlainText(item.excerpt)).trim();
  const gmt = parseWordpressDate(item.postDateGmt) ?? parseWordpressDate(item.postDate);
  const created = gmt ?? now;
  const publishedAt = mapped.status === 'published' ? created : null;
  const authorId = await authorFor(tx, state, item.creator, now);
  const before = existingId === undefined ? undefined : await findPostPlace(tx, existingId);
  const slug = await freePostSlug(tx, wantedSlug, existingId);
  const thumbnail = item.meta.find((m) => m.key === '_thumbnail_id')?.value.trim() ?? '';
  const image = state.attachments.get(thumbnail) ?? imageFromMeta(item);
  const post: ImportedPost = {
    slug,
    title,
    excerpt: excerptText === '' ? excerptOf(body.bodyText) : excerptOf(excerptText, 1_000),
    bodyMarkdown: rewritten.markdown,
    ...body,
    status: mapped.status,
    authorId,
    publishedAt,
    commentsOpen: item.commentStatus === 'open',
    image: image && image.mediaId === undefined ? { url: image.url, alt: image.alt } : null,
    featuredMediaId: image?.mediaId ?? null,
    createdAt: created,
  };
  let id: number;
  if (existingId !== undefined && before) {
    id = existingId;
    await updateImportedPost(tx, id, post, now);
    // The address it had here keeps leading to it, as after an editor's change of slug or date.
    if (before.status === 'published' && before.publishedAt && before.publishedAt <= now) {
      const old = permalinkOf({ slug: before.slug, publishedAt: before.publishedAt }, state.timeZone);
      if (!publishedAt || old !== permalinkOf({ slug, publishedAt }, state.timeZone)) await putRedirect(tx, old, id, now);
    }
  } else {
    id = await insertImportedPost(tx, post, now);
  }
  // WordPress keeps its sticky posts in an option the export leaves out; each item's flag is the record. Pinned at the post's date, so a re-import changes nothing.
  await setPostPinned(tx, id, item.isSticky.trim() === '1' ? created : null);
  let waits = false;
  // An attachment read later (or whose file is read after this batch) may still become the photo it shows.
  if ((!image || (photosOn(options) && image.mediaId === undefined && state.attachments.has(thumbnail))) && /^\d+$/.test(thumbnail)) {
    state.featured.push({ postId: id, attachmentId: thumbnail });
    waits = photosOn(options);
  }
  if (rewritten.unresolved > 0 && photosOn(options) && state.bodiesToRewrite.length < MAX_ATTACHMENTS_REMEMBERED) {
    state.bodiesToRewrite.push(id);
    waits = true;
  }
  const termIds: number[] = [];
  for (const t of item.terms) {
    // WordPress before 3.1 wrote tags with domain="tag".
    if (t.domain === 'category' || t.domain === 'post_tag' || t.domain === 'tag')
      termIds.push(await termFor(tx, state, t.domain === 'category' ? 'category' : 'tag', t.slug || t.name, t.name, now));
  }
  await replacePostTerms(tx, id, [...new Set(termIds)]);
  const lines =
    sourcesFromMeta(item) ?? (cleaned.sourceName ? [{ name: clean(cleaned.sourceName), role: 'original' as const, url: null, language: null }] : []);
  const sources = [];
  const seen = new Set<number>();
  for (const line of lines) {
    const sourceId = await sourceIdFor(tx, line.name, now);
    if (seen.has(sourceId)) continue;
    seen.add(sourceId);
    sources.push({ sourceId, role: line.role, url: line.url, language: line.language });
  }
  await replacePostSources(tx, id, sources);
  return { id, waits };
}

async function importComments(tx: Tx, state: ImportState, item: WxrItem, postId: number, now: Date): Promise<boolean> {
  const comments = importableComments(state, item);
  if (comments.length === 0) return false;
  const ids = comments.map((c) => c.id);
  const parents = comments.map((c) => c.parent).filter((p) => /^[1-9]\d*$/.test(p));
  const known = await findWordpressItems(tx, state.site, 'comment', [...ids, ...parents]);
  const placed = new Map<string, { id: number; depth: number }>();
  const events: CommentEvent[] = [];
  const records: WordpressItemRecord[] = [];
  let changed = false;
  for (const c of comments) {
    const digest = commentDigest(c);
    const found = known.get(c.id);
    const outcome = count(state, 'comments', found, digest);
    if (outcome === 'unchanged' && found) {
      placed.set(c.id, { id: found.localId, depth: 0 });
      continue;
    }
    let parentId: number | null = null;
    let depth = 1;
    if (/^[1-9]\d*$/.test(c.parent)) {
      const parent = placed.get(c.parent) ?? (known.get(c.parent) && { id: known.get(c.parent)!.localId, depth: 0 });
      if (parent) {
        parentId = parent.id;
        depth = (parent.depth || (await findCommentDepth(tx, parent.id)) || 1) + 1;
      }
    }
    const status = mapCommentStatus(c.approved)!;
    const ip = clean(c.ip).trim();
    const network = ip === '' ? null : networkOf(ip);
    const comment: ImportedComment = {
      postId,
      parentId,
      depth,
      authorName: clean(htmlToPlainText(c.author)).slice(0, 245) || 'Anonymous',
      authorEmail: clean(c.email).trim().slice(0, 100),
      authorUrl: httpUrl(clean(c.url)),
      authorIp: network === null ? null : ip,
      authorNetwork: network,
      body: clean(htmlToPlainText(c.content, { keepLines: true })).slice(0, 65_525),
      status,
      createdAt: parseWordpressDate(c.dateGmt) ?? parseWordpressDate(c.date) ?? now,
    };
    let id: number;
    if (found) {
      id = found.localId;
      const from = await updateImportedComment(tx, id, comment, now);
      if (from !== undefined && from !== status)
        events.push({ commentId: id, action: 'import', fromStatus: from, toStatus: status, actor: 'import', reason: 'WordPress export' });
    } else {
      id = await insertImportedComment(tx, comment, now);
      events.push({ commentId: id, action: 'import', fromStatus: null, toStatus: status, actor: 'import', reason: 'WordPress export' });
    }
    placed.set(c.id, { id, depth });
    records.push({ site: state.site, kind: 'comment', wpId: c.id, localId: id, digest });
    changed = true;
  }
  // The log and the records of origin in a few statements: a post's comments are most of an import's rows.
  await appendCommentEvents(tx, events, now);
  await putWordpressItems(tx, records, now);
  return changed;
}

/** What could only be done once the whole file was read: parents named after their children, attachments after their posts. */
async function finish(database: Database, state: ImportState, options: ImportOptions, dryRun: boolean): Promise<void> {
  await finishAttachmentsAndParents(database, state, options, dryRun);
  const pageIds = await importPages(database, state, options, dryRun);
  await importMenuItems(database, state, options, dryRun, pageIds);
}

async function finishAttachmentsAndParents(database: Database, state: ImportState, options: ImportOptions, dryRun: boolean): Promise<void> {
  if (dryRun) {
    state.summary.counts.attachments.created += state.strayAttachments.length;
    return;
  }
  if (
    state.orphans.size === 0 &&
    state.featured.length === 0 &&
    state.strayAttachments.length === 0 &&
    state.bodiesToRewrite.length === 0 &&
    state.pendingRecords.length === 0
  )
    return;
  const now = options.now();
  await changeContent(database.db, now, async (tx, pagesChanged) => {
    for (const [childId, parentSlug] of state.orphans) {
      const parent = state.terms.get(termKey('category', termSlugOf(parentSlug, parentSlug)));
      if (parent !== undefined && parent !== childId) await setTermParent(tx, childId, parent);
    }
    for (const item of state.strayAttachments) await importAttachment(tx, state, item, options, now, true);
    let images = 0;
    for (const f of state.featured) {
      const image = state.attachments.get(f.attachmentId);
      if (image?.mediaId !== undefined) await setPostFeaturedMedia(tx, f.postId, image.mediaId);
      else if (image) await setPostImage(tx, f.postId, { url: image.url, alt: image.alt });
      if (image) images += 1;
    }
    if (images > 0) pagesChanged([EVERY_PAGE]);
  });
  await rewriteBodies(database, state, options);
  // Only now are these posts as the export has them: their records say so.
  const records = state.pendingRecords;
  state.pendingRecords = [];
  await database.db.transaction().execute((tx) => putWordpressItems(tx, records, now));
}

/** Posts that named uploaded files before their attachments were read, shown with the photos those became. */
async function rewriteBodies(database: Database, state: ImportState, options: ImportOptions): Promise<void> {
  for (let i = 0; i < state.bodiesToRewrite.length; i += IMPORT_BATCH_ITEMS) {
    const ids = state.bodiesToRewrite.slice(i, i + IMPORT_BATCH_ITEMS);
    const now = options.now();
    await changeContent(database.db, now, async (tx, pagesChanged) => {
      let changed = false;
      for (const id of ids) {
        const before = await findPostBody(tx, id);
        if (before === undefined) continue;
        const { markdown } = withPhotos(state, before);
        if (markdown === before) continue;
        await updatePostBody(tx, id, { bodyMarkdown: markdown, ...renderBody(markdown, await loadBodyPhotos(tx, markdown)) }, now);
        changed = true;
      }
      if (changed) pagesChanged([EVERY_PAGE]);
    });
  }
  state.bodiesToRewrite = [];
}

/** The paths an old site's category had under its parents: "/category/world/europe". */
export function categoryPathOf(slugs: readonly string[]): string | undefined {
  return normalizeLegacyPath(`/category/${slugs.join('/')}/`);
}

/** Pages and menu items kept for the end of the file: a newsroom has dozens, never this many. */
const MAX_PAGES_KEPT = 1_000;
const MAX_MENU_ITEMS_KEPT = 500;

function keepForLater(state: ImportState, item: WxrItem): void {
  if (item.postType === 'page') {
    if (state.pages.length < MAX_PAGES_KEPT) state.pages.push(item);
    else skip(state, `pages beyond the first ${MAX_PAGES_KEPT.toLocaleString('en-US')}`);
  } else if (state.menuItems.length < MAX_MENU_ITEMS_KEPT) state.menuItems.push(item);
  else skip(state, `menu items beyond the first ${MAX_MENU_ITEMS_KEPT}`);
}

/** Pages with their parents first, each once, whatever order the export has them in. */
function parentsFirst(pages: readonly WxrItem[]): WxrItem[] {
  const byId = new Map(pages.map((p) => [p.postId, p]));
  const ordered: WxrItem[] = [];
  const seen = new Set<string>();
  const visit = (page: WxrItem, depth: number): void => {
    if (seen.has(page.postId)) return;
    seen.add(page.postId);
    const parent = byId.get(page.postParent);
    if (parent && depth < MAX_PAGE_DEPTH * 2) visit(parent, depth + 1);
    ordered.push(page);
  };
  for (const page of pages) visit(page, 0);
  return ordered;
}

/**
 * Each page through the pages' own rules (createPage/changePage): under its parent, in its menu
 * order; a top-level page whose slug is one of this site's addresses gets "-page" added. Its
 * ?page_id= and its old path answer with a redirect. Returns WordPress page id → page id.
 */
async function importPages(database: Database, state: ImportState, options: ImportOptions, dryRun: boolean): Promise<Map<string, number>> {
  const pageIds = new Map<string, number>();
  for (const item of parentsFirst(state.pages)) {
    const found = (await findWordpressItems(database.db, state.site, 'page', [item.postId])).get(item.postId);
    const digest = textDigest(item, options);
    const outcome = count(state, 'pages', found, digest);
    if (found) pageIds.set(item.postId, found.localId);
    if (dryRun || (outcome === 'unchanged' && found)) continue;
    const mapped = mapPostStatus(item.status);
    if ('skip' in mapped) continue;
    const now = options.now();
    const title = clean(htmlToPlainText(item.title)).trim().slice(0, 500) || `Untitled (${item.postId})`;
    const parentId = pageIds.get(item.postParent) ?? null;
    let slug = slugOf(item.postName, title) || `page-${item.postId}`;
    if (parentId === null && isReservedPageSlug(slug)) {
      slug = `${slug}-page`;
      state.summary.pagesRenamed += 1;
    }
    const order = Number.parseInt(item.menuOrder, 10);
    const request = {
      draft: {
        title,
        slug,
        bodyMarkdown: pageMarkdownOf(state, item, options),
        parentId,
        menuOrder: Number.isSafeInteger(order) ? Math.max(-1_000_000, Math.min(1_000_000, order)) : 0,
        status: mapped.status,
      },
      authorId: state.authors.get(clean(item.creator).trim()) ?? null,
      commentsOpen: item.commentStatus === 'open',
      publishedAt: mapped.status === 'published' ? (parseWordpressDate(item.postDateGmt) ?? parseWordpressDate(item.postDate) ?? now) : null,
    };
    // The record of origin and the old addresses go in the page's own transaction: a stop between them would make "about-2" on the next run.
    const recorded = async (tx: Tx, page: SavedPage): Promise<void> => {
      await putWordpressItem(tx, { site: state.site, kind: 'page', wpId: item.postId, localId: page.id, digest }, now);
      await putAddress(tx, state, legacyQueryAddress('page_id', item.postId), 'page', page.id, now);
      const old = legacyAddressOfLink(item.link);
      if (old !== undefined && old !== `/${page.path}`) await putAddress(tx, state, old, 'page', page.id, now);
    };
    let saved: SavedPage;
    try {
      try {
        saved = found ? await changePage(database.db, found.localId, request, now, recorded) : await createPage(database.db, request, now, recorded);
      } catch (error) {
        // Deleted here since the last import: it comes back.
        if (!(error instanceof NotFoundError)) throw error;
        saved = await createPage(database.db, request, now, recorded);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      skip(state, `pages refused (${error.message.replace(/\.$/, '')})`);
      state.summary.counts.pages[outcome] -= 1;
      continue;
    }
    pageIds.set(item.postId, saved.id);
  }
  return pageIds;
}

/** A page's text as the editor keeps it, its images of uploaded files shown as the photos they became. */
function pageMarkdownOf(state: ImportState, item: WxrItem, options: ImportOptions): string {
  const markdown = cleanWordpressBody(clean(item.content), state.attachments as AttachmentUrls).markdown;
  return photosOn(options) ? withPhotos(state, markdown).markdown : markdown;
}

function metaOf(item: WxrItem, key: string): string {
  return item.meta.find((m) => m.key === key)?.value.trim() ?? '';
}

/** What a WordPress menu item leads to here; undefined (with why) when nothing. */
async function menuTargetOf(
  database: Database,
  state: ImportState,
  item: WxrItem,
  pageIds: Map<string, number>,
  dryRun: boolean,
): Promise<{ kind: 'page' | 'category' | 'tag'; targetId: number } | { kind: 'url'; url: string } | { skip: string }> {
  const type = metaOf(item, '_menu_item_type');
  const object = metaOf(item, '_menu_item_object');
  const objectId = metaOf(item, '_menu_item_object_id');
  if (type === 'custom') {
    const url = metaOf(item, '_menu_item_url');
    const base = state.site;
    const local = base !== '' && url.toLowerCase().startsWith(`${base}/`) ? url.slice(base.length) : url;
    return isMenuUrl(local) ? { kind: 'url', url: local } : { skip: 'menu items with an address a menu may not lead to' };
  }
  if (type === 'post_type' && object === 'page') {
    // A dry run writes no page: one the export brings would be there.
    const planned = dryRun && state.pages.some((p) => p.postId === objectId && !('skip' in mapPostStatus(p.status)));
    const id = pageIds.get(objectId) ?? (planned ? 0 : undefined);
    return id === undefined ? { skip: 'menu items leading to pages not imported' } : { kind: 'page', targetId: id };
  }
  if (type === 'post_type' && object === 'post') {
    const found = (await findWordpressItems(database.db, state.site, 'post', [objectId])).get(objectId);
    const place = found && (await findPostPlace(database.db, found.localId));
    if (!place?.publishedAt || place.status !== 'published') return { skip: 'menu items leading to posts not published' };
    return { kind: 'url', url: permalinkOf({ slug: place.slug, publishedAt: place.publishedAt }, state.timeZone) };
  }
  if (type === 'taxonomy' && (object === 'category' || object === 'post_tag')) {
    const term = state.termIds.get(objectId);
    const kind = object === 'category' ? 'category' : 'tag';
    const found = term && (await findWordpressItems(database.db, state.site, kind, [term.slug])).get(term.slug);
    return found ? { kind, targetId: found.localId } : { skip: 'menu items leading to terms not imported' };
  }
  return { skip: `menu items leading to ${object || type || 'nothing'}` };
}

/**
 * Menu items into the header (the export's first menu) and the footer (its second), in their
 * order; sub-items follow their parent in the same menu. An item imported before is left as it
 * is (or removed here, it stays removed); one changed in the export replaces its old copy.
 */
async function importMenuItems(database: Database, state: ImportState, options: ImportOptions, dryRun: boolean, pageIds: Map<string, number>): Promise<void> {
  const menuOf = (item: WxrItem): string => item.terms.find((t) => t.domain === 'nav_menu')?.slug ?? '';
  for (const item of state.menuItems) {
    const slug = menuOf(item);
    if (slug !== '' && !state.navMenus.includes(slug)) state.navMenus.push(slug);
  }
  const ordered = [...state.menuItems].sort(
    (a, b) => state.navMenus.indexOf(menuOf(a)) - state.navMenus.indexOf(menuOf(b)) || Number(a.menuOrder) - Number(b.menuOrder),
  );
  const names: readonly MenuName[] = ['header', 'footer'];
  for (const item of ordered) {
    const menu = names[state.navMenus.indexOf(menuOf(item))];
    if (menu === undefined) {
      skip(state, menuOf(item) === '' ? 'menu items in no menu' : 'menu items of a third menu or more');
      continue;
    }
    const found = (await findWordpressItems(database.db, state.site, 'menu_item', [item.postId])).get(item.postId);
    const digest = digestOf([itemDigest(item), menu]);
    if (found?.digest === digest) {
      state.summary.counts.menuItems.unchanged += 1;
      continue;
    }
    const target = await menuTargetOf(database, state, item, pageIds, dryRun);
    if ('skip' in target) {
      skip(state, target.skip);
      continue;
    }
    const outcome = count(state, 'menuItems', found, digest);
    if (dryRun) continue;
    const now = options.now();
    const title = clean(htmlToPlainText(item.title)).trim();
    const label = (title || (await menuLabelOf(database, state, item)) || 'Link').slice(0, MAX_MENU_LABEL);
    try {
      // The new copy, its record and the old copy's removal in one transaction: a stop leaves the old item or the new, never both or none.
      await addMenuItem(database.db, { menu, label, ...target }, now, async (tx, id) => {
        if (found) await deleteMenuItem(tx, found.localId);
        await putWordpressItem(tx, { site: state.site, kind: 'menu_item', wpId: item.postId, localId: id, digest }, now);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      skip(state, `menu items refused (${error.message.replace(/\.$/, '')})`);
      state.summary.counts.menuItems[outcome] -= 1;
    }
  }
}

/** A menu item without a title of its own shows the title of what it leads to, as in WordPress. */
async function menuLabelOf(_database: Database, state: ImportState, item: WxrItem): Promise<string> {
  const objectId = metaOf(item, '_menu_item_object_id');
  const page = state.pages.find((p) => p.postId === objectId);
  if (page) return clean(htmlToPlainText(page.title)).trim();
  const term = state.termIds.get(objectId);
  return term?.slug ?? '';
}

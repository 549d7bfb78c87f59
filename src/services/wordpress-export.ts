import { wordpressDate, wordpressLocalDate, WXR_FOOTER, WXR_HEADER, xmlElement, xmlGroup } from '../content/wxr-writer.ts';
import { variantPath, variantVersion, variantWidths } from '../domain/media.ts';
import { pageHref } from '../domain/pages.ts';
import { permalinkOf } from '../domain/posts.ts';
import type { Executor } from '../storage/db.ts';
import { listSourcesOfPosts } from '../storage/sources.ts';
import { listTermsOfPosts } from '../storage/terms.ts';
import {
  listAuthorsForExport,
  listCommentsForExport,
  listPagesForExport,
  listPostsForExport,
  listTermsForExport,
  listMediaForExport,
  type ExportComment,
  type ExportMedia,
  type ExportPage,
  type ExportPost,
  type ExportTerm,
} from '../storage/wordpress-export.ts';
import { loadSiteSettings } from './settings.ts';
import { IMAGE_META_KEY, SOURCES_META_KEY } from './wordpress-import.ts';

/**
 * `wirepress export wordpress`: the whole site as a WordPress export (WXR 1.2) that WordPress's
 * importer, and Wirepress's own, read back: authors, categories (parents first) and tags, then
 * each post with its terms, its sources as post meta and its comments. Written in batches of
 * posts, so the site is never held in memory whole.
 */

/** Posts read per query. */
const EXPORT_BATCH_POSTS = 200;

/** A slug as WordPress keeps post_name: percent-encoded UTF-8 with lower-case hex. */
function wordpressSlug(slug: string): string {
  return encodeURIComponent(slug).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

/** Categories with every parent before its children, as WordPress's importer needs them. */
function parentsFirst(terms: readonly ExportTerm[]): ExportTerm[] {
  const byId = new Map(terms.map((t) => [t.id, t]));
  const out: ExportTerm[] = [];
  const placed = new Set<number>();
  const place = (t: ExportTerm, depth: number): void => {
    if (placed.has(t.id)) return;
    const parent = t.parentId === null ? undefined : byId.get(t.parentId);
    if (parent && depth < 50) place(parent, depth + 1);
    placed.add(t.id);
    out.push(t);
  };
  for (const t of terms) place(t, 0);
  return out;
}

function commentXml(c: ExportComment, timeZone: string): string {
  const approved = c.status === 'approved' ? '1' : c.status === 'pending' ? '0' : c.status;
  return `\t\t${xmlGroup(
    'wp:comment',
    [
      xmlElement('wp:comment_id', c.id),
      xmlElement('wp:comment_author', c.authorName),
      xmlElement('wp:comment_author_email', c.authorEmail),
      xmlElement('wp:comment_author_url', c.authorUrl ?? ''),
      xmlElement('wp:comment_author_IP', c.authorIp ?? ''),
      xmlElement('wp:comment_date', wordpressLocalDate(c.createdAt, timeZone)),
      xmlElement('wp:comment_date_gmt', wordpressDate(c.createdAt)),
      xmlElement('wp:comment_content', c.body),
      xmlElement('wp:comment_approved', approved),
      xmlElement('wp:comment_type', 'comment'),
      xmlElement('wp:comment_parent', c.parentId ?? 0),
      xmlElement('wp:comment_user_id', 0),
    ],
    '\t\t',
  )}\n`;
}

function postXml(
  siteUrl: string,
  post: ExportPost,
  terms: ReadonlyArray<{ kind: string; slug: string; name: string }>,
  sources: unknown[],
  comments: readonly ExportComment[],
  now: Date,
  timeZone: string,
): string {
  const live = post.status === 'published' && post.publishedAt !== null;
  const status = !live ? 'draft' : post.publishedAt! > now ? 'future' : 'publish';
  const link = live ? `${siteUrl}${permalinkOf({ slug: post.slug, publishedAt: post.publishedAt! }, timeZone)}` : `${siteUrl}/?p=${post.id}`;
  const date = post.publishedAt ?? post.createdAt;
  const children = [
    xmlElement('title', post.title),
    xmlElement('link', link),
    xmlElement('pubDate', live ? date.toUTCString().replace('GMT', '+0000') : ''),
    xmlElement('dc:creator', post.authorSlug),
    xmlElement('guid', `${siteUrl}/?p=${post.id}`, { isPermaLink: 'false' }),
    xmlElement('description', ''),
    xmlElement('content:encoded', post.bodyHtml),
    xmlElement('excerpt:encoded', post.excerpt),
    xmlElement('wp:post_id', post.id),
    xmlElement('wp:post_date', wordpressLocalDate(date, timeZone)),
    xmlElement('wp:post_date_gmt', wordpressDate(live ? date : null)),
    xmlElement('wp:post_modified', wordpressLocalDate(post.updatedAt, timeZone)),
    xmlElement('wp:post_modified_gmt', wordpressDate(post.updatedAt)),
    xmlElement('wp:comment_status', post.commentsOpen ? 'open' : 'closed'),
    xmlElement('wp:ping_status', 'closed'),
    xmlElement('wp:post_name', wordpressSlug(post.slug)),
    xmlElement('wp:status', status),
    xmlElement('wp:post_parent', 0),
    xmlElement('wp:menu_order', 0),
    xmlElement('wp:post_type', 'post'),
    xmlElement('wp:post_password', ''),
    xmlElement('wp:is_sticky', post.pinned ? 1 : 0),
    ...terms.map((t) => xmlElement('category', t.name, { domain: t.kind === 'category' ? 'category' : 'post_tag', nicename: wordpressSlug(t.slug) })),
  ];
  const meta: Array<[string, string]> = [];
  if (sources.length > 0) meta.push([SOURCES_META_KEY, JSON.stringify(sources)]);
  if (post.featuredMediaId !== null) meta.push(['_thumbnail_id', String(MEDIA_ID_OFFSET + post.featuredMediaId)]);
  else if (post.imageUrl) meta.push([IMAGE_META_KEY, JSON.stringify({ url: post.imageUrl, alt: post.imageAlt ?? '' })]);
  for (const [key, value] of meta) children.push(xmlGroup('wp:postmeta', [xmlElement('wp:meta_key', key), xmlElement('wp:meta_value', value)], '\t\t'));
  return `\t${xmlGroup('item', children, '\t').replace(/\n\t<\/item>$/, `\n${comments.map((c) => commentXml(c, timeZone)).join('')}\t</item>`)}\n`;
}

/**
 * WordPress numbers posts and pages in one sequence; here they have their own. Pages are
 * exported with their id moved past any post's, the same on every export, so no page takes a
 * post's id.
 */
export const PAGE_ID_OFFSET = 1_000_000_000;
/** Pages exported: far above what a site keeps. */
const MAX_EXPORT_PAGES = 10_000;

function pageXml(siteUrl: string, page: ExportPage, timeZone: string): string {
  const live = page.status === 'published' && page.publishedAt !== null;
  const id = PAGE_ID_OFFSET + page.id;
  const date = page.publishedAt ?? page.createdAt;
  const children = [
    xmlElement('title', page.title),
    xmlElement('link', live ? `${siteUrl}${pageHref(page.path)}` : `${siteUrl}/?page_id=${id}`),
    xmlElement('pubDate', live ? date.toUTCString().replace('GMT', '+0000') : ''),
    xmlElement('dc:creator', page.authorSlug),
    xmlElement('guid', `${siteUrl}/?page_id=${id}`, { isPermaLink: 'false' }),
    xmlElement('description', ''),
    xmlElement('content:encoded', page.bodyHtml),
    xmlElement('excerpt:encoded', ''),
    xmlElement('wp:post_id', id),
    xmlElement('wp:post_date', wordpressLocalDate(date, timeZone)),
    xmlElement('wp:post_date_gmt', wordpressDate(live ? date : null)),
    xmlElement('wp:post_modified', wordpressLocalDate(page.updatedAt, timeZone)),
    xmlElement('wp:post_modified_gmt', wordpressDate(page.updatedAt)),
    xmlElement('wp:comment_status', page.commentsOpen ? 'open' : 'closed'),
    xmlElement('wp:ping_status', 'closed'),
    xmlElement('wp:post_name', wordpressSlug(page.slug)),
    xmlElement('wp:status', live ? 'publish' : 'draft'),
    xmlElement('wp:post_parent', page.parentId === null ? 0 : PAGE_ID_OFFSET + page.parentId),
    xmlElement('wp:menu_order', page.menuOrder),
    xmlElement('wp:post_type', 'page'),
    xmlElement('wp:post_password', ''),
    xmlElement('wp:is_sticky', 0),
  ];
  return `\t${xmlGroup('item', children, '\t')}\n`;
}

/**
 * Photos are exported as attachments numbered past every post's and page's id (pages start at
 * PAGE_ID_OFFSET), below 2³¹ for importers that keep ids in 32 bits: room for 600 million photos.
 */
export const MEDIA_ID_OFFSET = 1_500_000_000;
/** Photos read per query. */
const EXPORT_BATCH_MEDIA = 500;

/** A photo's full size on this site: the largest JPEG made of it, which WordPress's importer downloads. */
export function mediaFullUrl(siteUrl: string, item: Pick<ExportMedia, 'id' | 'sha256' | 'width'>): string {
  const largest = variantWidths(item.width).at(-1) ?? item.width;
  return `${siteUrl}${variantPath({ id: item.id, version: variantVersion(item.sha256) }, largest, 'jpeg')}`;
}

function mediaXml(siteUrl: string, item: ExportMedia, timeZone: string): string {
  const id = MEDIA_ID_OFFSET + item.id;
  const url = mediaFullUrl(siteUrl, item);
  const children = [
    xmlElement('title', item.fileName.replace(/\.[a-z0-9]{2,5}$/i, '')),
    xmlElement('link', `${siteUrl}/?attachment_id=${id}`),
    xmlElement('pubDate', item.createdAt.toUTCString().replace('GMT', '+0000')),
    xmlElement('dc:creator', item.authorSlug ?? ''),
    xmlElement('guid', url, { isPermaLink: 'false' }),
    xmlElement('description', ''),
    xmlElement('content:encoded', ''),
    xmlElement('excerpt:encoded', item.caption),
    xmlElement('wp:post_id', id),
    xmlElement('wp:post_date', wordpressLocalDate(item.createdAt, timeZone)),
    xmlElement('wp:post_date_gmt', wordpressDate(item.createdAt)),
    xmlElement('wp:comment_status', 'closed'),
    xmlElement('wp:ping_status', 'closed'),
    xmlElement('wp:post_name', `media-${item.id}`),
    xmlElement('wp:status', 'inherit'),
    xmlElement('wp:post_parent', item.postId ?? 0),
    xmlElement('wp:menu_order', 0),
    xmlElement('wp:post_type', 'attachment'),
    xmlElement('wp:post_password', ''),
    xmlElement('wp:is_sticky', 0),
    xmlElement('wp:attachment_url', url),
    xmlGroup('wp:postmeta', [xmlElement('wp:meta_key', '_wp_attachment_image_alt'), xmlElement('wp:meta_value', item.alt)], '\t\t'),
  ];
  return `\t${xmlGroup('item', children, '\t')}\n`;
}

export async function exportWordpress(db: Executor, site: { siteUrl: string; now: Date }, write: (text: string) => void): Promise<void> {
  const siteUrl = site.siteUrl.replace(/\/+$/, '');
  const settings = await loadSiteSettings(db);
  write(WXR_HEADER);
  write(
    [
      xmlElement('title', settings.title),
      xmlElement('link', siteUrl),
      xmlElement('description', ''),
      xmlElement('pubDate', site.now.toUTCString().replace('GMT', '+0000')),
      xmlElement('language', settings.language),
      xmlElement('wp:wxr_version', '1.2'),
      xmlElement('wp:base_site_url', siteUrl),
      xmlElement('wp:base_blog_url', siteUrl),
    ]
      .map((line) => `\t${line}\n`)
      .join(''),
  );
  for (const a of await listAuthorsForExport(db)) {
    const fields = [
      xmlElement('wp:author_id', a.id),
      xmlElement('wp:author_login', a.slug),
      xmlElement('wp:author_email', a.email ?? ''),
      xmlElement('wp:author_display_name', a.displayName),
      xmlElement('wp:author_first_name', ''),
      xmlElement('wp:author_last_name', ''),
    ];
    write(`\t${xmlGroup('wp:author', fields, '\t')}\n`);
  }
  const terms = await listTermsForExport(db);
  const slugById = new Map(terms.map((t) => [t.id, t.slug]));
  for (const t of parentsFirst(terms.filter((x) => x.kind === 'category'))) {
    const parent = t.parentId === null ? '' : wordpressSlug(slugById.get(t.parentId) ?? '');
    const fields = [
      xmlElement('wp:term_id', t.id),
      xmlElement('wp:category_nicename', wordpressSlug(t.slug)),
      xmlElement('wp:category_parent', parent),
      xmlElement('wp:cat_name', t.name),
    ];
    write(`\t${xmlGroup('wp:category', fields, '\t')}\n`);
  }
  for (const t of terms.filter((x) => x.kind === 'tag')) {
    const fields = [xmlElement('wp:term_id', t.id), xmlElement('wp:tag_slug', wordpressSlug(t.slug)), xmlElement('wp:tag_name', t.name)];
    write(`\t${xmlGroup('wp:tag', fields, '\t')}\n`);
  }
  for (let after = 0; ; ) {
    const posts = await listPostsForExport(db, after, EXPORT_BATCH_POSTS);
    if (posts.length === 0) break;
    const ids = posts.map((p) => p.id);
    const [termsOf, sourcesOf, comments] = await Promise.all([listTermsOfPosts(db, ids), listSourcesOfPosts(db, ids), listCommentsForExport(db, ids)]);
    const commentsOf = new Map<number, ExportComment[]>();
    for (const c of comments) commentsOf.set(c.postId, [...(commentsOf.get(c.postId) ?? []), c]);
    let text = '';
    for (const post of posts) {
      const sources = (sourcesOf.get(post.id) ?? []).map((s) => ({ name: s.source.name, role: s.role, url: s.url, language: s.language }));
      text += postXml(siteUrl, post, termsOf.get(post.id) ?? [], sources, commentsOf.get(post.id) ?? [], site.now, settings.timezone);
    }
    write(text);
    after = ids[ids.length - 1]!;
  }
  write((await listPagesForExport(db, MAX_EXPORT_PAGES)).map((page) => pageXml(siteUrl, page, settings.timezone)).join(''));
  for (let after = 0; ; ) {
    const photos = await listMediaForExport(db, after, EXPORT_BATCH_MEDIA);
    if (photos.length === 0) break;
    write(photos.map((item) => mediaXml(siteUrl, item, settings.timezone)).join(''));
    after = photos[photos.length - 1]!.id;
  }
  write(WXR_FOOTER);
}

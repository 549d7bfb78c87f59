import { escapeHtml, renderCommentText } from '../content/comment-text.ts';
import { commentPagePath, type PublicComment } from '../domain/comments.ts';
import { creditLine, heightAt, type ShownImage, variantPath, variantWidths } from '../domain/media.ts';
import { permalinkOf, type Post, type PostSummary } from '../domain/posts.ts';
import { creditedSources, otherSources, type PostSource } from '../domain/sources.ts';
import { messagesFor, REFERENCE_LANGUAGE, type Messages } from '../i18n/messages.ts';
import type { FeedItem } from './feed.ts';

const ENGLISH = messagesFor(REFERENCE_LANGUAGE);

/** A post as a feed carries it: the summary with its whole body and last edit. */
export type FeedPost = PostSummary & Pick<Post, 'bodyHtml' | 'updatedAt'>;

/** An approved comment with the post it is on. */
/** A comment, its article, and the page of the article's comments it is on. */
export type FeedComment = PublicComment & { post: Pick<PostSummary, 'slug' | 'title' | 'publishedAt'>; page: number };

/**
 * Where a source's name links in a feed: the page the story draws on, else the outlet's home
 * page, else the outlet's archive on this site. Only web addresses become links.
 */
function sourceHref(origin: string, s: PostSource): string {
  const external = s.url ?? s.source.homepageUrl;
  return external && /^https?:\/\//i.test(external) ? external : `${origin}/source/${encodeURIComponent(s.source.slug)}/`;
}

function sourceLinks(origin: string, sources: readonly PostSource[]): string {
  return sources.map((s) => `<a href="${escapeHtml(sourceHref(origin, s))}">${escapeHtml(s.source.name)}</a>`).join(', ');
}

/**
 * The credit line ("Source: IZ") and the other outlets the story cites, as the article page
 * shows them, so a story read in a feed reader keeps its sources.
 */
export function sourcesHtml(origin: string, sources: readonly PostSource[], { t }: Messages = ENGLISH): string {
  const credited = creditedSources(sources);
  const others = otherSources(sources);
  let html = '';
  if (credited.length > 0) {
    const label = credited.every((s) => s.role === 'via') ? t('sources.via') : t('sources.source');
    html += `<p class="credit-line">${escapeHtml(label)} ${sourceLinks(origin, credited)}</p>`;
  }
  if (others.length > 0) html += `<p class="sources">${escapeHtml(t('sources.alsoCited'))}: ${sourceLinks(origin, others)}</p>`;
  return html;
}

/** Width of the image a feed carries: wide enough for any reader's column, small enough to fetch for every item. */
const FEED_IMAGE_WIDTH = 1280;

function feedImage(origin: string, image: ShownImage): NonNullable<FeedItem['image']> {
  const width =
    variantWidths(image.width)
      .filter((w) => w <= FEED_IMAGE_WIDTH)
      .at(-1) ?? image.width;
  return { url: `${origin}${variantPath(image, width, 'jpeg')}`, width, height: heightAt(image, width), alt: image.alt, credit: creditLine(image.credit) };
}

export function postItem(origin: string, post: FeedPost, timeZone: string, messages: Messages = ENGLISH): FeedItem {
  return {
    url: `${origin}${permalinkOf(post, timeZone)}`,
    title: post.title,
    contentHtml: `${post.bodyHtml}${sourcesHtml(origin, post.sources, messages)}`,
    summary: post.excerpt,
    author: { name: post.author.displayName, url: `${origin}/author/${encodeURIComponent(post.author.slug)}/` },
    categories: post.terms.map((t) => t.name),
    published: post.publishedAt,
    // An edit before publication (a scheduled post) is not news to a reader of the feed.
    updated: post.updatedAt > post.publishedAt ? post.updatedAt : post.publishedAt,
    ...(post.featuredImage ? { image: feedImage(origin, post.featuredImage) } : {}),
  };
}

/** A comment; in a feed of one article's comments the title needs no article name. */
export function commentItem(origin: string, comment: FeedComment, scope: 'site' | 'article', timeZone: string, { t }: Messages = ENGLISH): FeedItem {
  return {
    url: `${origin}${commentPagePath(permalinkOf(comment.post, timeZone), comment.page)}#comment-${comment.id}`,
    title:
      scope === 'site' ? t('feed.commentOnBy', { title: comment.post.title, name: comment.authorName }) : t('feed.commentBy', { name: comment.authorName }),
    contentHtml: renderCommentText(comment.body),
    author: { name: comment.authorName, url: comment.authorUrl },
    categories: [],
    published: comment.createdAt,
    updated: comment.createdAt,
  };
}

import { permalinkOf, type PostSummary } from '../../domain/posts.ts';
import { readingMinutes } from '../../domain/reading.ts';
import type { PageLocale } from '../format.ts';
import { Picture } from './picture.tsx';
import { SourceCredit } from './source-credit.tsx';

export function PostMeta({ post, readingTime = false, i18n }: { post: PostSummary; readingTime?: boolean; i18n: PageLocale }) {
  const author = (
    <a class="author" href={`/author/${encodeURIComponent(post.author.slug)}/`} dir="auto">
      {post.author.displayName}
    </a>
  );
  return (
    <p class="post-meta">
      <span class="byline">{i18n.rich('post.byline', { author })}</span>
      {' · '}
      <time datetime={post.publishedAt.toISOString()}>{i18n.date(post.publishedAt)}</time>
      {readingTime ? <span class="reading-time"> · {i18n.t('post.readingTime', { minutes: readingMinutes(post.wordCount) })}</span> : ''}
    </p>
  );
}

/** Above a headline: what kind of story it is (News, Analysis, Opinion) and its section. */
export function Kicker({ post, i18n }: { post: PostSummary; i18n: PageLocale }) {
  const category = post.terms.find((t) => t.kind === 'category');
  if (!post.label && !category) return null;
  return (
    <p class="kicker">
      {post.label ? <span class={`label label-${post.label}`}>{i18n.t(`post.label.${post.label}`)}</span> : ''}
      {post.label && category ? <span aria-hidden="true"> · </span> : ''}
      {category ? (
        <a href={`/category/${encodeURIComponent(category.slug)}/`} dir="auto">
          {category.name}
        </a>
      ) : (
        ''
      )}
    </p>
  );
}

/** A story in a list: section and label, headline, excerpt, byline, date and credit line. */
export function PostCard({ post, headingLevel = 2, pinned = false, i18n }: { post: PostSummary; headingLevel?: 2 | 3; pinned?: boolean; i18n: PageLocale }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={`post-card${post.featuredImage ? ' has-image' : ''}${pinned ? ' pinned' : ''}`}>
      {post.featuredImage ? <Picture class="post-card-image" image={post.featuredImage} sizes="(min-width: 40rem) 12rem, 100vw" alt="" /> : ''}
      {pinned ? <p class="pinned-label">{i18n.t('sticky.label')}</p> : ''}
      <Kicker post={post} i18n={i18n} />
      <Heading class="post-card-title" dir="auto">
        <a href={permalinkOf(post, i18n.timeZone)}>{post.title}</a>
      </Heading>
      <PostMeta post={post} i18n={i18n} />
      {post.excerpt ? (
        <p class="post-card-excerpt" dir="auto">
          {post.excerpt}
        </p>
      ) : (
        ''
      )}
      <SourceCredit sources={post.sources} i18n={i18n} />
    </article>
  );
}

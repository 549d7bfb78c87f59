import { permalinkOf, type PostSummary } from '../../domain/posts.ts';
import { readingMinutes } from '../../domain/reading.ts';
import { labelName } from '../../domain/terms.ts';
import { formatDate } from '../format.ts';
import { Picture } from './picture.tsx';
import { SourceCredit } from './source-credit.tsx';

export function PostMeta({ post, readingTime = false }: { post: PostSummary; readingTime?: boolean }) {
  return (
    <p class="post-meta">
      <span class="byline">
        By{' '}
        <a class="author" href={`/author/${encodeURIComponent(post.author.slug)}/`}>
          {post.author.displayName}
        </a>
      </span>
      {' · '}
      <time datetime={post.publishedAt.toISOString()}>{formatDate(post.publishedAt)}</time>
      {readingTime ? <span class="reading-time"> · {readingMinutes(post.wordCount)} min read</span> : ''}
    </p>
  );
}

/** Above a headline: what kind of story it is (News, Analysis, Opinion) and its section. */
export function Kicker({ post }: { post: PostSummary }) {
  const category = post.terms.find((t) => t.kind === 'category');
  if (!post.label && !category) return null;
  return (
    <p class="kicker">
      {post.label ? <span class={`label label-${post.label}`}>{labelName(post.label)}</span> : ''}
      {post.label && category ? <span aria-hidden="true"> · </span> : ''}
      {category ? <a href={`/category/${encodeURIComponent(category.slug)}/`}>{category.name}</a> : ''}
    </p>
  );
}

/** A story in a list: section and label, headline, excerpt, byline, date and credit line. */
export function PostCard({ post, headingLevel = 2 }: { post: PostSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={post.featuredImage ? 'post-card has-image' : 'post-card'}>
      {post.featuredImage ? <Picture class="post-card-image" image={post.featuredImage} sizes="(min-width: 40rem) 12rem, 100vw" alt="" /> : ''}
      <Kicker post={post} />
      <Heading class="post-card-title">
        <a href={permalinkOf(post)}>{post.title}</a>
      </Heading>
      <PostMeta post={post} />
      {post.excerpt ? <p class="post-card-excerpt">{post.excerpt}</p> : ''}
      <SourceCredit sources={post.sources} />
    </article>
  );
}

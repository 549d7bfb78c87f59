import { permalinkOf, type PostSummary } from '../../domain/posts.ts';
import { formatDate } from '../format.ts';
import { SourceCredit } from './source-credit.tsx';

export function PostMeta({ post }: { post: PostSummary }) {
  return (
    <p class="post-meta">
      <span class="byline">
        By <span class="author">{post.author.displayName}</span>
      </span>
      {' · '}
      <time datetime={post.publishedAt.toISOString()}>{formatDate(post.publishedAt)}</time>
    </p>
  );
}

/** A story in a list: headline, excerpt, byline, date and credit line. */
export function PostCard({ post, headingLevel = 2 }: { post: PostSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="post-card">
      <Heading class="post-card-title">
        <a href={permalinkOf(post)}>{post.title}</a>
      </Heading>
      <PostMeta post={post} />
      {post.excerpt ? <p class="post-card-excerpt">{post.excerpt}</p> : ''}
      <SourceCredit sources={post.sources} />
    </article>
  );
}

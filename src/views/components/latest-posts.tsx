import { permalinkOf, type PostLink } from '../../domain/posts.ts';
import { formatDate } from '../format.ts';

export function LatestPosts({ posts, timeZone }: { posts: readonly PostLink[]; timeZone: string }) {
  return (
    <aside class="latest-posts" aria-labelledby="latest-posts-heading">
      <h2 id="latest-posts-heading">Latest Posts</h2>
      {posts.length === 0 ? (
        <p>No other posts yet.</p>
      ) : (
        <ol>
          {posts.map((p) => (
            <li>
              <a href={permalinkOf(p, timeZone)}>{p.title}</a>
              <time datetime={p.publishedAt.toISOString()}>{formatDate(p.publishedAt)}</time>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

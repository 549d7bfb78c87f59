import { permalinkOf, type PostLink } from '../../domain/posts.ts';
import type { PageLocale } from '../format.ts';

export function LatestPosts({ posts, i18n }: { posts: readonly PostLink[]; i18n: PageLocale }) {
  return (
    <aside class="latest-posts" aria-labelledby="latest-posts-heading">
      <h2 id="latest-posts-heading">{i18n.t('latest.heading')}</h2>
      {posts.length === 0 ? (
        <p>{i18n.t('latest.empty')}</p>
      ) : (
        <ol>
          {posts.map((p) => (
            <li>
              <a href={permalinkOf(p, i18n.timeZone)} dir="auto">
                {p.title}
              </a>
              <time datetime={p.publishedAt.toISOString()}>{i18n.date(p.publishedAt)}</time>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

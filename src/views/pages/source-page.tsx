import type { PostSummary } from '../../domain/posts.ts';
import type { Source } from '../../domain/sources.ts';
import { Pagination } from '../components/pagination.tsx';
import { PostCard } from '../components/post-card.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface SourcePageProps extends PageChrome {
  source: Source;
  posts: PostSummary[];
  page: number;
  hasNext: boolean;
}

/** Every story that draws on one outlet. */
export function SourcePage(props: SourcePageProps) {
  const { source } = props;
  const base = `/source/${encodeURIComponent(source.slug)}/`;
  const { t } = props.i18n;
  const title = t('archive.source.title', { name: source.name });
  return (
    <Layout
      {...props}
      title={props.page > 1 ? t('archive.titlePaged', { title, page: props.page }) : title}
      canonicalPath={props.page > 1 ? `${base}page/${props.page}/` : base}
      alternates={[{ type: 'application/rss+xml', title: `${props.site.title} – ${title}`, href: `${base}feed/` }]}
    >
      <header class="archive-header">
        <p class="archive-kind">{t('archive.source.kind')}</p>
        <h1 dir="auto">{source.name}</h1>
        {source.fullName && source.fullName !== source.name ? (
          <p class="archive-description" dir="auto">
            {source.fullName}
          </p>
        ) : (
          ''
        )}
        {source.homepageUrl ? (
          <p class="archive-link">
            <a href={source.homepageUrl} rel="noopener">
              {source.homepageUrl}
            </a>
          </p>
        ) : (
          ''
        )}
      </header>
      <div class="post-list">
        {props.posts.map((post) => (
          <PostCard post={post} i18n={props.i18n} />
        ))}
      </div>
      {props.posts.length === 0 ? <p class="empty">{t('archive.source.empty')}</p> : ''}
      <Pagination base={base} page={props.page} hasNext={props.hasNext} i18n={props.i18n} />
    </Layout>
  );
}

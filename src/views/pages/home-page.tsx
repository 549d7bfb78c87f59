import type { PostSummary } from '../../domain/posts.ts';
import { Pagination } from '../components/pagination.tsx';
import { PostCard } from '../components/post-card.tsx';
import { Layout } from '../layout.tsx';
import { jsonForScript, organizationJsonLd } from '../structured-data.ts';
import type { PageChrome } from './page-props.ts';

export interface HomePageProps extends PageChrome {
  posts: PostSummary[];
  /** Pinned posts, shown first and labelled (page 1 only). */
  pinned?: PostSummary[];
  page: number;
  hasNext: boolean;
  /** The site's public origin, for the absolute links of its structured data. */
  origin: string;
}

/** Who publishes the site, for search engines: the NewsMediaOrganization with its logo and profiles. */
function PublisherHead({ site, origin }: { site: HomePageProps['site']; origin: string }) {
  return (
    <script type="application/ld+json">
      {jsonForScript({
        '@context': 'https://schema.org',
        ...organizationJsonLd({ title: site.title, logo: site.look?.logo, sameAs: site.look?.socialLinks }, origin),
      })}
    </script>
  );
}

export function HomePage(props: HomePageProps) {
  const pinned = new Set((props.pinned ?? []).map((p) => p.id));
  const [lead, ...rest] = [...(props.pinned ?? []), ...props.posts];
  const { t } = props.i18n;
  const paged = props.page > 1 ? t('home.titlePaged', { page: props.page }) : undefined;
  return (
    <Layout
      {...props}
      title={paged}
      canonicalPath={props.page > 1 ? `/page/${props.page}/` : '/'}
      head={props.page === 1 ? <PublisherHead site={props.site} origin={props.origin} /> : undefined}
    >
      <h1 class="visually-hidden">{paged ?? t('home.heading', { site: props.site.title })}</h1>
      {lead === undefined ? (
        <p class="empty">{t('home.empty')}</p>
      ) : (
        <div class="post-list">
          <div class="lead-story">
            <PostCard post={lead} pinned={pinned.has(lead.id)} i18n={props.i18n} />
          </div>
          {rest.map((post) => (
            <PostCard post={post} pinned={pinned.has(post.id)} i18n={props.i18n} />
          ))}
        </div>
      )}
      <Pagination base="/" page={props.page} hasNext={props.hasNext} i18n={props.i18n} />
    </Layout>
  );
}

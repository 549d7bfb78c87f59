import type { Child } from 'hono/jsx';
import type { PostSummary } from '../../domain/posts.ts';
import { Pagination } from '../components/pagination.tsx';
import { PostCard } from '../components/post-card.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface ArchivePageProps extends PageChrome {
  /** What kind of list this is, shown above the heading: "Category", "Tag", "Author", "Archive", in the site's language. */
  kind: string;
  heading: string;
  /** The page's <title> on page 1, e.g. "Posts tagged NATO". */
  title: string;
  intro?: Child;
  /** The list's own address, page 1; later pages live at `${base}page/N/`. */
  base: string;
  /** The list's RSS feed, announced in <head> and linked under the heading. */
  feedPath?: string;
  emptyText: string;
  posts: PostSummary[];
  page: number;
  hasNext: boolean;
}

/** A list of stories that share something: a category, a tag, an author, a source or a date. */
export function ArchivePage(props: ArchivePageProps) {
  const { t } = props.i18n;
  const title = props.page > 1 ? t('archive.titlePaged', { title: props.title, page: props.page }) : props.title;
  const alternates = props.feedPath ? [{ type: 'application/rss+xml', title: `${props.title} – RSS`, href: props.feedPath }] : [];
  return (
    <Layout {...props} title={title} canonicalPath={props.page > 1 ? `${props.base}page/${props.page}/` : props.base} alternates={alternates}>
      <header class="archive-header">
        <p class="archive-kind">{props.kind}</p>
        <h1 dir="auto">{props.heading}</h1>
        {props.intro ?? ''}
        {props.feedPath ? (
          <p class="archive-feed">
            <a href={props.feedPath}>{t('archive.followByRss')}</a>
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
      {props.posts.length === 0 ? <p class="empty">{props.emptyText}</p> : ''}
      <Pagination base={props.base} page={props.page} hasNext={props.hasNext} i18n={props.i18n} />
    </Layout>
  );
}

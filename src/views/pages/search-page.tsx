import type { PostSummary } from '../../domain/posts.ts';
import type { HighlightedText, PageSearchHit, SearchHit, SearchQuery } from '../../domain/search.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { LatestPosts } from '../components/latest-posts.tsx';
import { Pagination } from '../components/pagination.tsx';
import { PostMeta } from '../components/post-card.tsx';
import { SourceCredit } from '../components/source-credit.tsx';
import type { PageLocale } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface SearchPageProps extends PageChrome {
  query: SearchQuery;
  hits: SearchHit[];
  /** Published pages that match, shown above the posts on the first page of results. */
  pages: PageSearchHit[];
  total: number;
  page: number;
  hasNext: boolean;
  latest: PostSummary[];
  timedOut: boolean;
}

/** A passage with its matches in <mark>; every piece is text, escaped like any other. */
function Snippet({ text }: { text: HighlightedText }) {
  if (text.length === 0) return null;
  return (
    <p class="search-snippet" dir="auto">
      {text.map((piece) => (piece.match ? <mark>{piece.text}</mark> : piece.text))}
    </p>
  );
}

function SearchResult({ hit, i18n }: { hit: SearchHit; i18n: PageLocale }) {
  const { post } = hit;
  return (
    <article class="search-result">
      {post.label ? <p class="search-result-label">{i18n.t(`post.label.${post.label}`)}</p> : ''}
      <h2 class="post-card-title" dir="auto">
        <a href={permalinkOf(post, i18n.timeZone)}>{post.title}</a>
      </h2>
      <PostMeta post={post} i18n={i18n} />
      <Snippet text={hit.snippet} />
      <SourceCredit sources={post.sources} i18n={i18n} />
    </article>
  );
}

/** The site's pages that match (About, Corrections policy), a short list above the posts found. */
function PageResults({ pages, i18n }: { pages: PageSearchHit[]; i18n: PageLocale }) {
  if (pages.length === 0) return null;
  return (
    <section class="search-pages" aria-labelledby="search-pages-heading">
      <h2 id="search-pages-heading" class="search-pages-heading">
        {i18n.t('search.pageResults', { count: pages.length })}
      </h2>
      <ul class="search-pages-list">
        {pages.map((page) => (
          <li class="search-page-result">
            <a class="search-page-title" href={page.href} dir="auto">
              {page.title}
            </a>
            <Snippet text={page.snippet} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Search results at /?s=words (page N at /page/N/?s=words), as WordPress has them; never indexed by search engines. */
export function SearchPage(props: SearchPageProps) {
  const { query } = props;
  const { t } = props.i18n;
  const searched = query.terms.length > 0;
  const heading = searched ? t('search.resultsFor', { query: query.text }) : t('search.heading');
  const title = props.page > 1 ? t('archive.titlePaged', { title: heading, page: props.page }) : heading;
  return (
    <Layout {...props} title={title} noindex searchQuery={query.text}>
      <header class="archive-header search-header">
        <h1 dir="auto">{title}</h1>
        {searched && props.total > 0 ? <p class="search-count">{t('search.count', { count: props.total })}</p> : ''}
      </header>
      {searched && !props.timedOut ? <PageResults pages={props.pages} i18n={props.i18n} /> : ''}
      {!searched ? (
        <p class="search-message">{t('search.prompt')}</p>
      ) : props.timedOut ? (
        <p class="search-message">{t('search.timedOut')}</p>
      ) : props.hits.length === 0 ? (
        <p class="search-message">{props.pages.length > 0 ? t('search.pageOnly', { count: props.pages.length }) : t('search.nothing')}</p>
      ) : (
        <div class="search-results">
          {props.hits.map((hit) => (
            <SearchResult hit={hit} i18n={props.i18n} />
          ))}
        </div>
      )}
      {props.hits.length === 0 ? <LatestPosts posts={props.latest} i18n={props.i18n} /> : ''}
      <Pagination
        base="/"
        page={props.page}
        hasNext={props.hasNext}
        query={`?s=${encodeURIComponent(query.text)}`}
        labels={{ previous: t('search.previousResults'), next: t('search.moreResults') }}
        i18n={props.i18n}
      />
    </Layout>
  );
}

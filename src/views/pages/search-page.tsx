import type { PostSummary } from '../../domain/posts.ts';
import type { HighlightedText, SearchHit, SearchQuery } from '../../domain/search.ts';
import { labelName } from '../../domain/terms.ts';
import { permalinkOf } from '../../domain/posts.ts';
import { LatestPosts } from '../components/latest-posts.tsx';
import { Pagination } from '../components/pagination.tsx';
import { PostMeta } from '../components/post-card.tsx';
import { SourceCredit } from '../components/source-credit.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface SearchPageProps extends PageChrome {
  query: SearchQuery;
  hits: SearchHit[];
  total: number;
  page: number;
  hasNext: boolean;
  latest: PostSummary[];
  timedOut: boolean;
}

/** A passage with its matches in <mark>; every piece is text, escaped like any other. */
function Snippet({ text }: { text: HighlightedText }) {
  if (text.length === 0) return null;
  return <p class="search-snippet">{text.map((piece) => (piece.match ? <mark>{piece.text}</mark> : piece.text))}</p>;
}

function SearchResult({ hit, timeZone }: { hit: SearchHit; timeZone: string }) {
  const { post } = hit;
  return (
    <article class="search-result">
      {post.label ? <p class="search-result-label">{labelName(post.label)}</p> : ''}
      <h2 class="post-card-title">
        <a href={permalinkOf(post, timeZone)}>{post.title}</a>
      </h2>
      <PostMeta post={post} />
      <Snippet text={hit.snippet} />
      <SourceCredit sources={post.sources} />
    </article>
  );
}

function countText(total: number): string {
  return total === 1 ? '1 post found' : `${total.toLocaleString('en-GB')} posts found`;
}

/** Search results at /?s=words (page N at /page/N/?s=words), as WordPress has them; never indexed by search engines. */
export function SearchPage(props: SearchPageProps) {
  const { query } = props;
  const searched = query.terms.length > 0;
  const heading = searched ? `Search results for “${query.text}”` : 'Search';
  const title = props.page > 1 ? `${heading}, page ${props.page}` : heading;
  return (
    <Layout {...props} title={title} noindex searchQuery={query.text}>
      <header class="archive-header search-header">
        <h1>{title}</h1>
        {searched && props.total > 0 ? <p class="search-count">{countText(props.total)}</p> : ''}
      </header>
      {!searched ? (
        <p class="search-message">Type one or more words in the search box to find posts. Put words in quotes to find them together, as a phrase.</p>
      ) : props.timedOut ? (
        <p class="search-message">This search took too long. Try fewer or more particular words, or read the latest stories below.</p>
      ) : props.hits.length === 0 ? (
        <p class="search-message">Nothing matched your search. Check the spelling, try fewer or other words, or read the latest stories below.</p>
      ) : (
        <div class="search-results">
          {props.hits.map((hit) => (
            <SearchResult hit={hit} timeZone={props.site.timezone} />
          ))}
        </div>
      )}
      {props.hits.length === 0 ? <LatestPosts posts={props.latest} timeZone={props.site.timezone} /> : ''}
      <Pagination
        base="/"
        page={props.page}
        hasNext={props.hasNext}
        query={`?s=${encodeURIComponent(query.text)}`}
        labels={{ previous: '← Previous results', next: 'More results →' }}
      />
    </Layout>
  );
}

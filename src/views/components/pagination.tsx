export interface PaginationProps {
  base: string;
  page: number;
  hasNext: boolean;
  /** A query string every link keeps ("?s=words" on search results, as WordPress writes /page/2/?s=words). */
  query?: string;
  /** Link texts, for lists that are not newest first. */
  labels?: { previous: string; next: string };
  /** The address of page N, for lists whose pages live elsewhere than `${base}page/N/`. */
  pathOf?: (page: number) => string;
  /** What the navigation is called, for lists that are not the page's main one. */
  label?: string;
  /** How many pages there are, when the list knows ("Page 2 of 3"). */
  pageCount?: number;
}

const POST_LIST_LABELS = { previous: '← Newer posts', next: 'Older posts →' };

/** Older/newer links for a list whose page N lives at `${base}page/N/` (page 1 at `base`). */
export function Pagination({ base, page, hasNext, query = '', labels = POST_LIST_LABELS, pathOf: pathOfPage, label = 'Pages', pageCount }: PaginationProps) {
  if (page === 1 && !hasNext) return null;
  const pathOf = (n: number) => (pathOfPage ? pathOfPage(n) : `${n === 1 ? base : `${base}page/${n}/`}${query}`);
  return (
    <nav class="pagination" aria-label={label}>
      {page > 1 ? (
        <a href={pathOf(page - 1)} rel="prev">
          {labels.previous}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-current">{pageCount === undefined ? `Page ${page}` : `Page ${page} of ${pageCount}`}</span>
      {hasNext ? (
        <a href={pathOf(page + 1)} rel="next">
          {labels.next}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

export interface PaginationProps {
  base: string;
  page: number;
  hasNext: boolean;
  /** A query string every link keeps ("?s=words" on search results, as WordPress writes /page/2/?s=words). */
  query?: string;
  /** Link texts, for lists that are not newest first. */
  labels?: { previous: string; next: string };
}

const STORY_LABELS = { previous: '← Newer stories', next: 'Older stories →' };

/** Older/newer links for a list whose page N lives at `${base}page/N/` (page 1 at `base`). */
export function Pagination({ base, page, hasNext, query = '', labels = STORY_LABELS }: PaginationProps) {
  if (page === 1 && !hasNext) return null;
  const pathOf = (n: number) => `${n === 1 ? base : `${base}page/${n}/`}${query}`;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={pathOf(page - 1)} rel="prev">
          {labels.previous}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-current">Page {page}</span>
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

/** Older/newer links for a list whose page N lives at `${base}page/N/` (page 1 at `base`). */
export function Pagination({ base, page, hasNext }: { base: string; page: number; hasNext: boolean }) {
  if (page === 1 && !hasNext) return null;
  const pathOf = (n: number) => (n === 1 ? base : `${base}page/${n}/`);
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a href={pathOf(page - 1)} rel="prev">
          ← Newer stories
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-current">Page {page}</span>
      {hasNext ? (
        <a href={pathOf(page + 1)} rel="next">
          Older stories →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

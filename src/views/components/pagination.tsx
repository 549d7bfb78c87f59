import type { PageLocale } from '../format.ts';

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
  i18n: PageLocale;
}

/** Older/newer links for a list whose page N lives at `${base}page/N/` (page 1 at `base`). */
export function Pagination({ base, page, hasNext, query = '', labels, pathOf: pathOfPage, label, pageCount, i18n }: PaginationProps) {
  if (page === 1 && !hasNext) return null;
  const { t } = i18n;
  const links = labels ?? { previous: t('pagination.newerPosts'), next: t('pagination.olderPosts') };
  const pathOf = (n: number) => (pathOfPage ? pathOfPage(n) : `${n === 1 ? base : `${base}page/${n}/`}${query}`);
  return (
    <nav class="pagination" aria-label={label ?? t('pagination.label')}>
      {page > 1 ? (
        <a href={pathOf(page - 1)} rel="prev">
          {links.previous}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-current">{pageCount === undefined ? t('pagination.page', { page }) : t('pagination.pageOf', { page, count: pageCount })}</span>
      {hasNext ? (
        <a href={pathOf(page + 1)} rel="next">
          {links.next}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

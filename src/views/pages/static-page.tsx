import { pageHref, type Page } from '../../domain/pages.ts';
import { SafeHtmlBlock } from '../components/safe-html.tsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface StaticPageProps extends PageChrome {
  page: Page;
  /** The pages above it, outermost first, for the trail back up. */
  parents: ReadonlyArray<{ title: string; path: string }>;
}

/** Words of a static page a reader sees or hears. */
const MESSAGES = {
  trail: 'You are here',
} as const;

/** A static page (About, Corrections policy): its title and text, with no date, byline or comments. */
export function StaticPage(props: StaticPageProps) {
  const { page } = props;
  return (
    <Layout {...props} title={page.title} canonicalPath={pageHref(page.path)}>
      <article class="static-page">
        <header class="static-page-header">
          {props.parents.length > 0 ? (
            <nav class="page-trail" aria-label={MESSAGES.trail}>
              <ol>
                {props.parents.map((p) => (
                  <li>
                    <a href={pageHref(p.path)}>{p.title}</a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : (
            ''
          )}
          <h1>{page.title}</h1>
        </header>
        <SafeHtmlBlock class="article-body" html={page.bodyHtml} />
      </article>
    </Layout>
  );
}

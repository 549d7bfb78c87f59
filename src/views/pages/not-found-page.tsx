import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export function NotFoundPage(props: PageChrome) {
  return (
    <Layout {...props} title="Page not found" noindex>
      <div class="message-page">
        <h1>We could not find that page</h1>
        <p>The address may be mistyped, or the post may have moved or been taken down.</p>
        <p>
          <a href="/">Go to the latest news</a>
        </p>
      </div>
    </Layout>
  );
}

import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export function NotFoundPage(props: PageChrome) {
  const { t } = props.i18n;
  return (
    <Layout {...props} title={t('notFound.title')} noindex>
      <div class="message-page">
        <h1>{t('notFound.heading')}</h1>
        <p>{t('notFound.text')}</p>
        <p>
          <a href="/">{t('error.toLatestNews')}</a>
        </p>
      </div>
    </Layout>
  );
}

import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

export interface ErrorPageProps extends PageChrome {
  status: number;
  heading: string;
  message: string;
  requestId?: string;
}

/** Any error a reader can meet; never shows internals, only a request id to quote. */
export function ErrorPage(props: ErrorPageProps) {
  const { t } = props.i18n;
  return (
    <Layout {...props} title={props.heading} noindex>
      <div class="message-page">
        <h1>{props.heading}</h1>
        <p>{props.message}</p>
        {props.requestId ? <p class="request-id">{props.i18n.rich('error.reference', { reference: <code>{props.requestId}</code> })}</p> : ''}
        <p>
          <a href="/">{t('error.toLatestNews')}</a>
        </p>
      </div>
    </Layout>
  );
}

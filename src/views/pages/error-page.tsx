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
  return (
    <Layout {...props} title={props.heading} noindex>
      <div class="message-page">
        <h1>{props.heading}</h1>
        <p>{props.message}</p>
        {props.requestId ? (
          <p class="request-id">
            If you contact the site about this, quote the reference <code>{props.requestId}</code>.
          </p>
        ) : (
          ''
        )}
        <p>
          <a href="/">Go to the latest news</a>
        </p>
      </div>
    </Layout>
  );
}

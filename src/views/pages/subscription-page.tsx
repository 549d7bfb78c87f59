import type { Child } from 'hono/jsx';
import { Layout } from '../layout.tsx';
import type { PageChrome } from './page-props.ts';

/** Where a link from a subscription mail leads, and what became of it. */
export type SubscriptionPageState =
  | { step: 'ask'; action: 'confirm' | 'unsubscribe'; token: string }
  | { step: 'done'; action: 'confirm' | 'unsubscribe'; changed: boolean }
  | { step: 'expired'; action: 'confirm' | 'unsubscribe' }
  | { step: 'invalid' };

export interface SubscriptionPageProps extends PageChrome {
  state: SubscriptionPageState;
  /** What the subscription is for: follow-up comments on a post (its title), or new posts (null). */
  postTitle: string | null;
  email: string | null;
}

/** Words a reader sees on these pages, kept together for the message catalogue. */
const MESSAGES = {
  confirmTitle: 'Confirm your subscription',
  unsubscribeTitle: 'Unsubscribe',
  forComments: (title: string) => `follow-up comments on “${title}”`,
  forPosts: 'new posts on this site',
  askConfirm: (what: string, email: string) => `Send ${what} to ${email}?`,
  askUnsubscribe: (what: string, email: string) => `Stop sending ${what} to ${email}?`,
  confirmButton: 'Yes, send them',
  unsubscribeButton: 'Unsubscribe',
  confirmed: 'Thank you: your subscription is confirmed. Every message has a link to stop it.',
  alreadyConfirmed: 'This subscription was confirmed already.',
  unsubscribed: 'You are unsubscribed: no more of these messages will be sent.',
  alreadyUnsubscribed: 'You were unsubscribed already: no more of these messages will be sent.',
  confirmExpired: 'This confirmation link has expired. Tick the box again the next time you comment to get a new one.',
  unsubscribeExpired: 'This unsubscribe link has expired. Use the link in a newer message from us, or write to the site to be removed.',
  invalid: 'This link is not valid: it may have been cut short or mistyped, or the subscription no longer exists.',
  home: 'Go to the latest news',
} as const;

export function SubscriptionPage(props: SubscriptionPageProps) {
  const { state } = props;
  const title = state.step === 'invalid' ? 'Link not valid' : state.action === 'confirm' ? MESSAGES.confirmTitle : MESSAGES.unsubscribeTitle;
  const what = props.postTitle === null ? MESSAGES.forPosts : MESSAGES.forComments(props.postTitle);
  let body: Child;
  if (state.step === 'ask') {
    body = (
      <form method="post" action={`/subscriptions/${state.action}/?token=${encodeURIComponent(state.token)}`} class="subscription-form">
        <p>{state.action === 'confirm' ? MESSAGES.askConfirm(what, props.email ?? '') : MESSAGES.askUnsubscribe(what, props.email ?? '')}</p>
        <p>
          <button type="submit">{state.action === 'confirm' ? MESSAGES.confirmButton : MESSAGES.unsubscribeButton}</button>
        </p>
      </form>
    );
  } else if (state.step === 'done') {
    const text =
      state.action === 'confirm'
        ? state.changed
          ? MESSAGES.confirmed
          : MESSAGES.alreadyConfirmed
        : state.changed
          ? MESSAGES.unsubscribed
          : MESSAGES.alreadyUnsubscribed;
    body = (
      <p class="notice" role="status">
        {text}
      </p>
    );
  } else if (state.step === 'expired') {
    body = <p>{state.action === 'confirm' ? MESSAGES.confirmExpired : MESSAGES.unsubscribeExpired}</p>;
  } else {
    body = <p>{MESSAGES.invalid}</p>;
  }
  return (
    <Layout {...props} title={title} noindex>
      <div class="message-page">
        <h1>{title}</h1>
        {body}
        <p>
          <a href="/">{MESSAGES.home}</a>
        </p>
      </div>
    </Layout>
  );
}

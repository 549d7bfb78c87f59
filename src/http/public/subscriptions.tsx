import { Hono, type Context } from 'hono';
import { checkMailLink, confirmSubscription, unsubscribeByLink, type LinkCheck } from '../../services/subscriptions.ts';
import { SubscriptionPage, type SubscriptionPageState } from '../../views/pages/subscription-page.tsx';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { pageChrome, renderPage } from '../render.ts';

/** Longest token a link carries (id, purpose, expiry, signature), with room to spare. */
const MAX_TOKEN_LENGTH = 100;

type Action = 'confirm' | 'unsubscribe';

function tokenOf(c: Context<AppEnv>): string | undefined {
  const token = c.req.query('token');
  return token !== undefined && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

async function render(c: Context<AppEnv>, deps: AppDeps, state: SubscriptionPageState, check: LinkCheck): Promise<Response> {
  const chrome = await pageChrome(deps);
  // A page about one reader's address: never kept, never indexed.
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  const valid = check.state === 'valid' ? check : undefined;
  const status = state.step === 'invalid' ? 404 : state.step === 'expired' ? 410 : 200;
  return renderPage(c, <SubscriptionPage {...chrome} state={state} postTitle={valid?.postTitle ?? null} email={valid?.subscription.email ?? null} />, status);
}

function notValid(check: LinkCheck, action: Action): SubscriptionPageState | undefined {
  if (check.state === 'invalid') return { step: 'invalid' };
  if (check.state === 'expired') return { step: 'expired', action };
  return undefined;
}

/**
 * The links in subscription mail. A GET only shows a page with a button, so a mail scanner that
 * opens links confirms nothing and unsubscribes no one; the button POSTs. A POST to the
 * unsubscribe address is also RFC 8058's one-click unsubscribe: a mail program sends it, with no
 * cookie and no page, and the subscription ends at once.
 */
export function subscriptionRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = deps.now ?? (() => new Date());
  for (const action of ['confirm', 'unsubscribe'] as const) {
    app.get(`/subscriptions/${action}/`, async (c) => {
      const token = tokenOf(c);
      const check = await checkMailLink(deps.database.db, action, token, now());
      return render(c, deps, notValid(check, action) ?? { step: 'ask', action, token: token ?? '' }, check);
    });
    app.post(`/subscriptions/${action}/`, async (c) => {
      const token = tokenOf(c);
      const result = action === 'confirm' ? await confirmSubscription(deps.database.db, token, now()) : await unsubscribeByLink(deps.database.db, token, now());
      if (result.state === 'valid')
        deps.logger.info(action === 'confirm' ? 'subscription confirmed' : 'unsubscribed', { subscription: result.subscription.id });
      return render(c, deps, notValid(result, action) ?? { step: 'done', action, changed: result.changed === true }, result);
    });
  }
  return app;
}

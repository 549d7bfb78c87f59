import { Hono, type Context } from 'hono';
import { DomainError, NotFoundError } from '../../domain/errors.ts';
import { WEBHOOK_EVENTS } from '../../domain/webhooks.ts';
import { addWebhookEndpoint, listWebhookEndpointsOf, loadWebhookLog, removeWebhookEndpoint, WEBHOOK_LOG_SIZE } from '../../services/webhooks.ts';
import { WebhooksPage } from '../../views/admin/webhooks-page.tsx';
import type { AppDeps } from '../app-env.ts';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from '../forms/form-text.ts';
import { parseId } from '../forms/route-params.ts';
import { renderPage } from '../render.ts';
import type { AdminEnv } from './admin-env.ts';
import { adminMessages } from './admin-messages.ts';
import { adminChrome, requireAction } from './guard.tsx';

/** Webhooks, for administrators: the addresses told of changes, and the log of what was sent. */
export function webhookRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const show = async (c: Context<AdminEnv>, values: { url: string; events: readonly string[] }, errors: Record<string, string>, status: 200 | 422) => {
    const chrome = await adminChrome(deps, c);
    const done = c.req.query('done');
    const { t } = chrome.i18n;
    const notice = done === 'added' ? t('admin.webhooks.added') : done === 'removed' ? t('admin.webhooks.removed') : null;
    const [endpoints, deliveries] = await Promise.all([listWebhookEndpointsOf(db), loadWebhookLog(db)]);
    return renderPage(
      c,
      <WebhooksPage
        {...chrome}
        notice={notice}
        endpoints={endpoints}
        deliveries={deliveries}
        logSize={WEBHOOK_LOG_SIZE}
        errors={adminMessages(errors, chrome.i18n)}
        values={values}
      />,
      status,
    );
  };

  app.get('/admin/webhooks/', (c) => {
    requireAction(c, 'manage_settings');
    return show(c, { url: '', events: [] }, {}, 200);
  });

  app.post('/admin/webhooks/', async (c) => {
    requireAction(c, 'manage_settings');
    const fields = c.get('form');
    const url = fields.url ?? '';
    const events = WEBHOOK_EVENTS.filter((event) => fields[`event-${event}`] === 'on');
    try {
      if (hasControlCharacters(url)) throw new DomainError('invalid', CONTROL_CHARACTERS_MESSAGE, { url: CONTROL_CHARACTERS_MESSAGE });
      await addWebhookEndpoint(db, { url, events }, now());
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return show(c, { url, events }, { ...error.fields }, 422);
    }
    return c.redirect('/admin/webhooks/?done=added', 303);
  });

  app.post('/admin/webhooks/:id/remove/', async (c) => {
    requireAction(c, 'manage_settings');
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new NotFoundError('Webhook');
    await removeWebhookEndpoint(db, id);
    return c.redirect('/admin/webhooks/?done=removed', 303);
  });

  return app;
}

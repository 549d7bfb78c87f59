import { WEBHOOK_EVENTS, type WebhookDeliveryEntry, type WebhookEndpoint, type WebhookEvent } from '../../domain/webhooks.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

function eventName(i18n: PageLocale, event: WebhookEvent): string {
  return i18n.t(`admin.webhooks.event.${event}`);
}

export interface WebhooksPageProps extends AdminChrome {
  endpoints: WebhookEndpoint[];
  deliveries: WebhookDeliveryEntry[];
  logSize: number;
  errors: FieldErrors;
  values: { url: string; events: readonly string[] };
  notice: string | null;
}

function Outcome({ delivery, i18n }: { delivery: WebhookDeliveryEntry; i18n: PageLocale }) {
  const parts: string[] = [];
  if (delivery.lastStatus !== null) parts.push(`HTTP ${delivery.lastStatus}`);
  if (delivery.lastError && delivery.status !== 'delivered') parts.push(delivery.lastError);
  if (delivery.status === 'delivered' && delivery.deliveredAt) parts.push(i18n.t('admin.webhooks.deliveredAt', { date: i18n.dateTime(delivery.deliveredAt) }));
  if (delivery.status === 'queued') parts.push(i18n.t('admin.webhooks.nextTry', { date: i18n.dateTime(delivery.dueAt) }));
  return <>{parts.join(' · ')}</>;
}

export function WebhooksPage(props: WebhooksPageProps) {
  const { i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.webhooks.title')} section="webhooks" notice={props.notice}>
      <ErrorSummary errors={props.errors} i18n={props.i18n} />
      <p>{t('admin.webhooks.intro')}</p>
      <p>{t('admin.webhooks.signature')}</p>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{t('admin.webhooks.endpointsHeading')}</h2>
        {props.endpoints.length === 0 ? (
          <p>{t('admin.webhooks.none')}</p>
        ) : (
          <table class="admin-table">
            <caption class="visually-hidden">{t('admin.webhooks.endpointsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.webhooks.url')}</th>
                <th scope="col">{t('admin.webhooks.events')}</th>
                <th scope="col">{t('admin.webhooks.secret')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin.webhooks.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((e) => (
                <tr>
                  <td>{e.url}</td>
                  <td>{e.events.map((event) => eventName(i18n, event)).join(', ')}</td>
                  <td>
                    <code class="webhook-secret">{e.secret}</code>
                  </td>
                  <td>
                    <form method="post" action={`/admin/webhooks/${e.id}/remove/`}>
                      <CsrfField token={props.csrfToken} />
                      <button type="submit" aria-label={t('admin.webhooks.removeLabel', { url: e.url })}>
                        {t('admin.webhooks.remove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="add-webhook-heading">
        <h2 id="add-webhook-heading">{t('admin.webhooks.addHeading')}</h2>
        <form method="post" action="/admin/webhooks/" class="admin-form">
          <CsrfField token={props.csrfToken} />
          <Field
            name="url"
            label={t('admin.webhooks.url')}
            type="url"
            value={props.values.url}
            errors={props.errors}
            required
            hint={t('admin.webhooks.urlHint')}
          />
          <fieldset id="events" aria-describedby={props.errors.events ? 'events-error' : undefined}>
            <legend>{t('admin.webhooks.eventsLegend')}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <div class="field-checkbox">
                <input type="checkbox" id={`event-${event}`} name={`event-${event}`} value="on" checked={props.values.events.includes(event)} />
                <label for={`event-${event}`}>{eventName(i18n, event)}</label>
              </div>
            ))}
            <FieldError id="events" message={props.errors.events} />
          </fieldset>
          <p>
            <button type="submit">{t('admin.webhooks.add')}</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t('admin.webhooks.logHeading')}</h2>
        {props.deliveries.length === 0 ? (
          <p>{t('admin.webhooks.noDeliveries')}</p>
        ) : (
          <table class="admin-table">
            <caption class="visually-hidden">{t('admin.webhooks.logCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.webhooks.queued')}</th>
                <th scope="col">{t('admin.webhooks.url')}</th>
                <th scope="col">{t('admin.webhooks.event')}</th>
                <th scope="col">{t('admin.webhooks.status')}</th>
                <th scope="col">{t('admin.webhooks.tries')}</th>
                <th scope="col">{t('admin.webhooks.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr>
                  <td>{i18n.dateTime(d.createdAt)}</td>
                  <td>{d.endpointUrl}</td>
                  <td>{d.event}</td>
                  <td>{t(`admin.webhooks.status.${d.status}`)}</td>
                  <td>{d.attempts}</td>
                  <td>
                    <Outcome delivery={d} i18n={i18n} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.deliveries.length >= props.logSize ? <p>{t('admin.webhooks.logSize', { count: props.logSize })}</p> : ''}
      </section>
    </AdminLayout>
  );
}

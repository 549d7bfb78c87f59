import { WEBHOOK_EVENTS, type WebhookDeliveryEntry, type WebhookDeliveryStatus, type WebhookEndpoint, type WebhookEvent } from '../../domain/webhooks.ts';
import { formatDateTime } from '../format.ts';
import { AdminLayout, CsrfField, type AdminChrome } from './admin-layout.tsx';
import { ErrorSummary, Field, FieldError, type FieldErrors } from './fields.tsx';

/** Every word an administrator reads on the webhooks page, together for translation. */
const MESSAGES = {
  title: 'Webhooks',
  intro:
    'Other software (a newsletter tool, a social scheduler, a dashboard) can be told at once when something changes here. Each change is sent as a JSON POST, signed with the webhook’s secret, and tried again for a day until the address answers with success.',
  signature:
    'Check each delivery’s Wirepress-Signature header, t=<time stamp>,v1=<signature>: the signature is HMAC-SHA256 with the secret over the time stamp, a dot and the body, in hex (Stripe’s convention). Refuse a time stamp more than five minutes old.',
  endpointsHeading: 'Addresses',
  none: 'No webhooks yet.',
  endpointsCaption: 'Webhooks',
  url: 'Address',
  events: 'Events',
  secret: 'Secret',
  remove: 'Remove',
  removeLabel: (url: string) => `Remove the webhook to ${url}`,
  addHeading: 'Add a webhook',
  urlHint: 'Where to send each change: an https:// address of the receiving software.',
  eventsLegend: 'Send these events',
  add: 'Add webhook',
  logHeading: 'Delivery log',
  logCaption: 'Deliveries, newest first',
  noDeliveries: 'Nothing has been sent yet.',
  queued: 'Queued',
  event: 'Event',
  status: 'Status',
  tries: 'Tries',
  outcome: 'Outcome',
  logSize: (n: number) => `The ${n} newest deliveries are listed.`,
  added: 'The webhook was added. Give its secret to the receiving software.',
  removed: 'The webhook was removed; deliveries waiting for it were dropped.',
  nextTry: (at: string) => `next try ${at}`,
  deliveredAt: (at: string) => `delivered ${at}`,
} as const;

export const WEBHOOK_MESSAGES = MESSAGES;

const EVENT_NAMES: Record<WebhookEvent, string> = {
  'post.published': 'A post is published',
  'post.updated': 'A published post is updated',
  'post.unpublished': 'A post is unpublished',
  'comment.approved': 'A comment is approved',
};

const STATUS_NAMES: Record<WebhookDeliveryStatus, string> = { queued: 'Waiting', delivered: 'Delivered', failed: 'Given up' };

export interface WebhooksPageProps extends AdminChrome {
  endpoints: WebhookEndpoint[];
  deliveries: WebhookDeliveryEntry[];
  logSize: number;
  errors: FieldErrors;
  values: { url: string; events: readonly string[] };
  notice: string | null;
}

function Outcome({ delivery }: { delivery: WebhookDeliveryEntry }) {
  const parts: string[] = [];
  if (delivery.lastStatus !== null) parts.push(`HTTP ${delivery.lastStatus}`);
  if (delivery.lastError && delivery.status !== 'delivered') parts.push(delivery.lastError);
  if (delivery.status === 'delivered' && delivery.deliveredAt) parts.push(MESSAGES.deliveredAt(formatDateTime(delivery.deliveredAt)));
  if (delivery.status === 'queued') parts.push(MESSAGES.nextTry(formatDateTime(delivery.dueAt)));
  return <>{parts.join(' · ')}</>;
}

export function WebhooksPage(props: WebhooksPageProps) {
  return (
    <AdminLayout {...props} title={MESSAGES.title} section="webhooks" notice={props.notice}>
      <ErrorSummary errors={props.errors} />
      <p>{MESSAGES.intro}</p>
      <p>{MESSAGES.signature}</p>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{MESSAGES.endpointsHeading}</h2>
        {props.endpoints.length === 0 ? (
          <p>{MESSAGES.none}</p>
        ) : (
          <table class="admin-table">
            <caption class="visually-hidden">{MESSAGES.endpointsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{MESSAGES.url}</th>
                <th scope="col">{MESSAGES.events}</th>
                <th scope="col">{MESSAGES.secret}</th>
                <th scope="col">
                  <span class="visually-hidden">{MESSAGES.remove}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((e) => (
                <tr>
                  <td>{e.url}</td>
                  <td>{e.events.map((event) => EVENT_NAMES[event]).join(', ')}</td>
                  <td>
                    <code class="webhook-secret">{e.secret}</code>
                  </td>
                  <td>
                    <form method="post" action={`/admin/webhooks/${e.id}/remove/`}>
                      <CsrfField token={props.csrfToken} />
                      <button type="submit" aria-label={MESSAGES.removeLabel(e.url)}>
                        {MESSAGES.remove}
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
        <h2 id="add-webhook-heading">{MESSAGES.addHeading}</h2>
        <form method="post" action="/admin/webhooks/" class="admin-form">
          <CsrfField token={props.csrfToken} />
          <Field name="url" label={MESSAGES.url} type="url" value={props.values.url} errors={props.errors} required hint={MESSAGES.urlHint} />
          <fieldset id="events" aria-describedby={props.errors.events ? 'events-error' : undefined}>
            <legend>{MESSAGES.eventsLegend}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <div class="field-checkbox">
                <input type="checkbox" id={`event-${event}`} name={`event-${event}`} value="on" checked={props.values.events.includes(event)} />
                <label for={`event-${event}`}>{EVENT_NAMES[event]}</label>
              </div>
            ))}
            <FieldError id="events" message={props.errors.events} />
          </fieldset>
          <p>
            <button type="submit">{MESSAGES.add}</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{MESSAGES.logHeading}</h2>
        {props.deliveries.length === 0 ? (
          <p>{MESSAGES.noDeliveries}</p>
        ) : (
          <table class="admin-table">
            <caption class="visually-hidden">{MESSAGES.logCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{MESSAGES.queued}</th>
                <th scope="col">{MESSAGES.url}</th>
                <th scope="col">{MESSAGES.event}</th>
                <th scope="col">{MESSAGES.status}</th>
                <th scope="col">{MESSAGES.tries}</th>
                <th scope="col">{MESSAGES.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td>{d.endpointUrl}</td>
                  <td>{d.event}</td>
                  <td>{STATUS_NAMES[d.status]}</td>
                  <td>{d.attempts}</td>
                  <td>
                    <Outcome delivery={d} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.deliveries.length >= props.logSize ? <p>{MESSAGES.logSize(props.logSize)}</p> : ''}
      </section>
    </AdminLayout>
  );
}

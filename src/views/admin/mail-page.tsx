import type { MailKind, OutboxEntry, OutboxStatus } from '../../domain/mail.ts';
import type { PageLocale } from '../format.ts';
import { AdminLayout, type AdminChrome } from './admin-layout.tsx';

export interface MailPageProps extends AdminChrome {
  counts: Record<OutboxStatus, number>;
  /** The newest messages, newest first. */
  messages: OutboxEntry[];
  /** How many messages the page lists at most. */
  pageSize: number;
  /** Where mail goes ("smtp://mail.example.org:587", "files in /srv/data/mail"); unknown in a process that sends none. */
  destination: string | null;
}

function kindName(i18n: PageLocale, kind: MailKind): string {
  return i18n.t(`admin.mail.kind.${kind}`);
}

function statusName(i18n: PageLocale, status: OutboxStatus): string {
  return i18n.t(`admin.mail.status.${status}`);
}

function Outcome({ message, i18n }: { message: OutboxEntry; i18n: PageLocale }) {
  const { t } = i18n;
  if (message.status === 'sent') return <>{message.sentAt ? t('admin.mail.sentAt', { date: i18n.dateTime(message.sentAt) }) : t('admin.mail.status.sent')}</>;
  if (message.status === 'failed') return <>{message.lastError ?? t('admin.mail.noReason')}</>;
  if (message.attempts === 0) return <>{t('admin.mail.notTried')}</>;
  return <>{t('admin.mail.nextTry', { date: i18n.dateTime(message.dueAt), answer: message.lastError ?? t('admin.mail.noAnswer') })}</>;
}

/** The outbox: every message the site has sent or will send, and why one was not. */
export function MailPage(props: MailPageProps) {
  const { i18n } = props;
  const { t } = i18n;
  return (
    <AdminLayout {...props} title={t('admin.mail.title')} section="mail">
      <p>
        {t('admin.mail.intro')}
        {props.destination ? ` ${t('admin.mail.destination', { destination: props.destination })}` : ''}
      </p>
      <ul class="outbox-counts">
        {(['queued', 'sent', 'failed'] as const).map((status) => (
          <li>{t('admin.mail.count', { status: statusName(i18n, status), count: props.counts[status] })}</li>
        ))}
      </ul>
      {props.messages.length === 0 ? (
        <p>{t('admin.mail.none')}</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">{t('admin.mail.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.mail.queued')}</th>
              <th scope="col">{t('admin.mail.to')}</th>
              <th scope="col">{t('admin.mail.message')}</th>
              <th scope="col">{t('admin.mail.status')}</th>
              <th scope="col">{t('admin.mail.tries')}</th>
              <th scope="col">{t('admin.mail.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {props.messages.map((m) => (
              <tr>
                <td>{i18n.dateTime(m.createdAt)}</td>
                <td>{m.to}</td>
                <td>
                  {kindName(i18n, m.kind)}: <bdi>{m.subject}</bdi>
                </td>
                <td class={`outbox-${m.status}`}>{statusName(i18n, m.status)}</td>
                <td>{m.attempts}</td>
                <td>
                  <Outcome message={m} i18n={i18n} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.messages.length >= props.pageSize ? <p>{t('admin.mail.pageSize', { count: props.pageSize })}</p> : ''}
    </AdminLayout>
  );
}

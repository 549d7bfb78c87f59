import type { MailKind, OutboxEntry, OutboxStatus } from '../../domain/mail.ts';
import { formatDateTime } from '../format.ts';
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

const KIND_NAMES: Record<MailKind, string> = {
  password_reset: 'New password',
  invitation: 'Invitation',
  subscription_confirmation: 'Subscription to confirm',
  comment_follow_up: 'Follow-up comment',
  new_post: 'New post',
  new_posts_digest: 'New posts digest',
  comment_published: 'Comment for its post’s author',
  comments_held: 'Held comments for moderators',
};

const STATUS_NAMES: Record<OutboxStatus, string> = {
  queued: 'Waiting',
  sent: 'Sent',
  failed: 'Given up',
};

function Outcome({ message }: { message: OutboxEntry }) {
  if (message.status === 'sent') return <>{message.sentAt ? `Sent ${formatDateTime(message.sentAt)}` : 'Sent'}</>;
  if (message.status === 'failed') return <>{message.lastError ?? 'No reason was given.'}</>;
  return <>{message.attempts === 0 ? 'Not tried yet.' : `Next try ${formatDateTime(message.dueAt)}. Last answer: ${message.lastError ?? 'none'}`}</>;
}

/** The outbox: every message the site has sent or will send, and why one was not. */
export function MailPage(props: MailPageProps) {
  return (
    <AdminLayout {...props} title="Mail" section="mail">
      <p>
        Messages the site sends: invitations and links to choose a new password. A message that cannot be delivered is tried again, waiting longer each time,
        for up to five days; one the mail server refuses outright is given up, with its answer shown here.
        {props.destination ? ` Mail goes to ${props.destination}.` : ''}
      </p>
      <ul class="outbox-counts">
        <li>Waiting: {props.counts.queued}</li>
        <li>Sent: {props.counts.sent}</li>
        <li>Given up: {props.counts.failed}</li>
      </ul>
      {props.messages.length === 0 ? (
        <p>No mail has been sent yet.</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">Mail, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">Message</th>
              <th scope="col">Status</th>
              <th scope="col">Tries</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {props.messages.map((m) => (
              <tr>
                <td>{formatDateTime(m.createdAt)}</td>
                <td>{m.to}</td>
                <td>
                  {KIND_NAMES[m.kind]}: {m.subject}
                </td>
                <td class={`outbox-${m.status}`}>{STATUS_NAMES[m.status]}</td>
                <td>{m.attempts}</td>
                <td>
                  <Outcome message={m} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.messages.length >= props.pageSize ? <p>The {props.pageSize} newest messages are listed.</p> : ''}
    </AdminLayout>
  );
}

import type { DomainError, ErrorReason } from '../../domain/errors.ts';
import type { MessageKey, Messages } from '../../i18n/messages.ts';
import { controlCharacterErrors } from './form-text.ts';

/**
 * The admin's message for each reason the domain and services give (DomainError.reason): they
 * say what went wrong in English for logs and the command line, the editor reads it here in
 * their own language.
 */
const REASON_MESSAGES: Readonly<Record<string, MessageKey>> = {
  slugEmpty: 'admin.fields.slugEmpty',
  slugInvalid: 'admin.fields.slugInvalid',
  tooLong: 'admin.fields.tooLong',
  slugTaken: 'admin.fields.slugTaken',
  slugTakenBy: 'admin.fields.slugTakenBy',
  slugReserved: 'admin.fields.slugReserved',
  slugCrowded: 'admin.fields.slugCrowded',
  featuredGone: 'admin.fields.featuredGone',
  featuredAltMissing: 'admin.fields.featuredAltMissing',
  publishInFuture: 'admin.fields.publishInFuture',
  scheduleMissing: 'admin.fields.scheduleMissing',
  scheduleInPast: 'admin.fields.scheduleInPast',
  notPublished: 'admin.fields.notPublished',
  parentGone: 'admin.fields.parentInvalid',
  parentLoop: 'admin.fields.parentLoop',
  parentTooDeep: 'admin.fields.parentTooDeep',
  menuFull: 'admin.fields.menuFull',
  menuUrl: 'admin.fields.menuUrl',
  menuTargetGone: 'admin.fields.menuTargetGone',
  pageHasChildren: 'admin.fields.pageHasChildren',
};

/** A reason in the editor's language; undefined for a reason this table does not know. */
export function reasonMessage(messages: Messages, reason: ErrorReason | undefined): string | undefined {
  const key = reason && REASON_MESSAGES[reason.code];
  return key ? messages.t(key, reason.values) : undefined;
}

/**
 * The messages to show for a refused save: beside each field the domain named, or for the whole
 * form (`formField`) when it named none; in the editor's language when the reason is known.
 */
export function fieldErrorsOf(messages: Messages, error: DomainError, formField = 'form'): Record<string, string> {
  const said = reasonMessage(messages, error.reason);
  const fields = Object.keys(error.fields);
  if (fields.length === 0) return { [formField]: said ?? error.message };
  return Object.fromEntries(fields.map((field) => [field, said ?? error.fields[field] ?? error.message]));
}

/** form-text.ts's check for invisible control characters, said in the editor's language. */
export function localControlCharacterErrors(
  fields: Readonly<Record<string, string | undefined>>,
  names: Iterable<string>,
  messages: Messages,
): Record<string, string> {
  const found = controlCharacterErrors(fields, names);
  return Object.fromEntries(Object.keys(found).map((name) => [name, messages.t('admin.fields.controlCharacters')]));
}

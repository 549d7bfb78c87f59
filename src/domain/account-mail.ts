import { ROLE_NAMES, type Role } from './users.ts';

/** The words of the mail accounts send, in one place beside the rules they carry out. */
export interface MailText {
  subject: string;
  text: string;
}

export function passwordResetMail(input: { siteTitle: string; displayName: string; link: string }): MailText {
  return {
    subject: `Choose a new password for ${input.siteTitle}`,
    text: [
      `Hello ${input.displayName},`,
      '',
      `Someone asked to choose a new password for your account on ${input.siteTitle}. If it was you, open this link within an hour:`,
      '',
      input.link,
      '',
      'The link works once. Choosing a new password signs you out everywhere else.',
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
      '',
    ].join('\n'),
  };
}

export function invitationMail(input: { siteTitle: string; displayName: string; role: Role; link: string }): MailText {
  return {
    subject: `You have been invited to ${input.siteTitle}`,
    text: [
      `Hello ${input.displayName},`,
      '',
      `You have been invited to ${input.siteTitle} as ${ROLE_NAMES[input.role].toLowerCase()}. Open this link within 24 hours to choose your password:`,
      '',
      input.link,
      '',
      'The link works once.',
      '',
    ].join('\n'),
  };
}

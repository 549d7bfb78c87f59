/** Application passwords: secrets software uses to act for a user over the REST API, never the admin. */

/** Characters of a new application password: letters and digits only, so it survives any client's quoting. */
export const APPLICATION_PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 24 characters from 62: 142 random bits, WordPress's length. */
export const APPLICATION_PASSWORD_LENGTH = 24;
/** Names are labels a person reads in a list ("Newsletter tool"). */
export const MAX_APPLICATION_PASSWORD_NAME = 100;
/** A person connects a handful of tools; the cap keeps the list readable and the table small. */
export const MAX_APPLICATION_PASSWORDS_PER_USER = 50;

/**
 * A password as typed or pasted: WordPress shows them in groups of four separated by spaces and
 * ignores everything but letters and digits, so "abcd efgh …" and "abcdefgh…" are the same.
 */
export function normalizeApplicationPassword(typed: string): string {
  return typed.replace(/[^A-Za-z0-9]/g, '');
}

/** Shown in groups of four, as WordPress shows them, to be read and copied without mistakes. */
export function formatApplicationPassword(password: string): string {
  return password.match(/.{1,4}/g)?.join(' ') ?? password;
}

/** An application password as its owner sees it listed: never the password. */
export interface ApplicationPassword {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

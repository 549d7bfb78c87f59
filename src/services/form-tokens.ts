import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SpamInput } from '../domain/spam-signals.ts';
import type { Db } from '../storage/db.ts';
import { findSetting, insertSettingIfAbsent } from '../storage/settings.ts';

const SECRET_KEY = 'form_token_secret';

/** Each process reads the site's secret once; every process and node shares the one in the database. */
const secrets = new WeakMap<Db, Promise<Buffer>>();

function siteSecret(db: Db): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      // The first process to need it makes it; the others read what won.
      await insertSettingIfAbsent(db, SECRET_KEY, randomBytes(32).toString('base64url'));
      return Buffer.from(String(await findSetting(db, SECRET_KEY)), 'base64url');
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

function sign(secret: Buffer, issuedAt: number): string {
  return createHmac('sha256', secret).update(`comment-form:${issuedAt}`).digest('base64url').slice(0, 22);
}

/**
 * A time stamp for the reply form, signed with the site's secret: "<seconds>.<signature>". It
 * needs no cookie and no JavaScript; a page from the cache carries the time it was made, so
 * only a post that comes sooner after the page was made than a person could type looks hurried.
 */
export async function issueFormToken(db: Db, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return `${issuedAt}.${sign(await siteSecret(db), issuedAt)}`;
}

/** What a posted token says about the form it came from. */
export async function checkFormToken(db: Db, token: string | undefined, now: Date): Promise<SpamInput['formToken']> {
  if (!token) return { state: 'missing' };
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return { state: 'forged' };
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(await siteSecret(db), issuedAt));
  const given = Buffer.from(match[2]!);
  if (!timingSafeEqual(expected, given)) return { state: 'forged' };
  return { state: 'valid', ageMs: Math.max(0, now.getTime() - issuedAt * 1000) };
}

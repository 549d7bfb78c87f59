import type { Role, User } from '../../src/domain/users.ts';
import { completeSetup, inviteUser, issueOwnerSetupLink } from '../../src/services/accounts.ts';
import type { Db } from '../../src/storage/db.ts';
import { parse } from 'node-html-parser';
import type { TestServer } from './server.ts';

let counter = 0;

export const TEST_PASSWORD = 'correct horse battery staple';

/** The settings form as the settings page sends it with the defaults and nothing ticked; tests change a field or two. */
export const SETTINGS_FORM: Readonly<Record<string, string>> = {
  title: 'Wirepress',
  tagline: 'News',
  postsPerPage: '10',
  language: 'en',
  timezone: 'UTC',
  maxLinks: '2',
  closeAfterDays: '0',
  threadDepth: '5',
  moderationKeys: '',
  disallowedKeys: '',
};

/** A user who can sign in: the owner on a site without one, otherwise an invited user who chose a password. */
export async function aUser(db: Db, role: Role, name?: string): Promise<User & { password: string }> {
  counter += 1;
  const displayName = name ?? `${role} ${counter}`;
  const email = `${role}${counter}@newsroom.example`;
  if (role === 'owner') {
    const token = await issueOwnerSetupLink(db, new Date());
    if (!token) throw new Error('The site already has an owner');
    const user = await completeSetup(db, token, { displayName, email, password: TEST_PASSWORD }, new Date());
    return { ...user, password: TEST_PASSWORD };
  }
  const { user, token } = await inviteUser(db, { email, displayName, role }, new Date());
  await completeSetup(db, token, { displayName, email, password: TEST_PASSWORD }, new Date());
  return { ...user, password: TEST_PASSWORD };
}

/** A signed-in browser, reduced to what the tests need: its session cookie and the page's CSRF token. */
export interface AdminSession {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  /** Posts a form with the session's CSRF token unless `_csrf` is given. */
  post(path: string, fields: Record<string, string>): Promise<Response>;
}

export function cookieFrom(res: Response, name = 'wirepress_session'): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    if (pair?.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return undefined;
}

export async function csrfOn(res: Response): Promise<string | undefined> {
  return parse(await res.text())
    .querySelector('input[name="_csrf"]')
    ?.getAttribute('value');
}

export function adminFetch(server: TestServer, path: string, init: { cookie?: string; fields?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  if (init.fields) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = server.url;
  }
  return fetch(`${server.url}${path}`, {
    method: init.fields ? 'POST' : 'GET',
    redirect: 'manual',
    headers,
    body: init.fields ? new URLSearchParams(init.fields).toString() : undefined,
  });
}

export async function signIn(server: TestServer, user: { email: string; password: string }): Promise<AdminSession> {
  const res = await adminFetch(server, '/admin/login/', { fields: { email: user.email, password: user.password, next: '/admin/' } });
  const cookie = cookieFrom(res);
  if (res.status !== 303 || !cookie) throw new Error(`Sign-in failed with ${res.status}`);
  const csrf = await csrfOn(await adminFetch(server, '/admin/', { cookie }));
  if (!csrf) throw new Error('No CSRF token on the dashboard');
  return {
    cookie,
    csrf,
    get: (path) => adminFetch(server, path, { cookie }),
    post: (path, fields) => adminFetch(server, path, { cookie, fields: { _csrf: csrf, ...fields } }),
  };
}

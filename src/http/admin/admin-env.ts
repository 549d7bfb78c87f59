import type { SessionInfo } from '../../services/accounts.ts';
import type { AppEnv } from '../app-env.ts';

/** What admin routes know besides a public request: who is signed in, and the form they sent. */
export interface AdminEnv {
  Variables: AppEnv['Variables'] & {
    session: SessionInfo | undefined;
    /** The session cookie's value, when there is a valid session. */
    sessionToken: string | undefined;
    /** A POST's fields, read once by the guard that checks its CSRF token. */
    form: Record<string, string>;
    /** A POST's files, on the few forms that take them (FILE_FORMS in guard.tsx); empty elsewhere. */
    files: Map<string, File>;
  };
}

import type { SessionInfo } from '../../services/accounts.ts';
import type { AppEnv } from '../app-env.ts';
import type { UploadedFile } from '../forms/form-body.ts';

/** What admin routes know besides a public request: who is signed in, and the form they sent. */
export interface AdminEnv {
  Variables: AppEnv['Variables'] & {
    session: SessionInfo | undefined;
    /** The session cookie's value, when there is a valid session. */
    sessionToken: string | undefined;
    /** A POST's fields, read once by the guard that checks its CSRF token. */
    form: Record<string, string>;
    /** Files sent with a form that takes them (uploads), by field. */
    files: Record<string, UploadedFile[]>;
    /** Files were sent with this form but dropped: the process already holds as many uploads as it may (answer 503, the text kept). */
    uploadBusy: boolean;
  };
}

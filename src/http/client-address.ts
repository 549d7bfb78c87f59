import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The address the request came from, as the socket sees it; null when it cannot be told. */
export function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

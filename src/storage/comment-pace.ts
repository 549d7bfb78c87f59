/** What flood control, the hourly limits and the duplicate and spam checks read about a sender's and a text's recent comments. */
import type { ExpressionBuilder } from 'kysely';
import type { Schema } from './schema.ts';
import type { SenderActivity } from '../domain/comment-pace.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/** What the pace rules need to know of a sender: 0 (a limit turned off) skips that lookup. */
export interface ActivityQuery {
  ip: string | null;
  network: string | null;
  email: string;
  /** Whether flood control is on: it needs the newest comment from the address or email. */
  newest: boolean;
  /** Count the address's and network's comments since this time, up to these numbers (a count past its limit changes nothing). */
  since: Date;
  addressLimit: number;
  networkLimit: number;
}

/** A sender's recent comments in any status: the newest from their address or email, and hourly counts. */
export async function readSenderActivity(db: Executor, sender: ActivityQuery): Promise<SenderActivity> {
  const newest = async (column: 'author_email' | 'author_ip', value: string) => {
    const row = await db.selectFrom('comments').select('created_at').where(column, '=', value).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return row ? fromDbTime(row.created_at) : undefined;
  };
  // Counting stops at the limit, so a sender far past it costs no more than one at it.
  const count = async (column: 'author_ip' | 'author_network', value: string | null, limit: number) => {
    if (value === null || limit <= 0) return 0;
    const row = await db
      .selectFrom((eb) =>
        eb.selectFrom('comments').select('id').where(column, '=', value).where('created_at', '>=', toDbTime(sender.since)).limit(limit).as('recent'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const times = sender.newest ? [await newest('author_email', sender.email), sender.ip === null ? undefined : await newest('author_ip', sender.ip)] : [];
  const lastAt = times.filter((t): t is Date => t !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    lastAt,
    fromAddress: await count('author_ip', sender.ip, sender.addressLimit),
    fromNetwork: await count('author_network', sender.network, sender.networkLimit),
  };
}

/** The indexed prefix of a comment's text (migration 010); the expression must match the index's, word for word. */
/** Migration 010's index length; comment-text-plan.test.ts fails when the expressions part. */
const TEXT_PREFIX_LENGTH = 100;
const textPrefix = (eb: ExpressionBuilder<Schema, 'comments'>, body: string) => eb.fn<string>('substr', [eb.val(body), eb.lit(1), eb.lit(TEXT_PREFIX_LENGTH)]);
const textPrefixColumn = (eb: ExpressionBuilder<Schema, 'comments'>) => eb.fn<string>('substr', ['body', eb.lit(1), eb.lit(TEXT_PREFIX_LENGTH)]);

/** A comment with exactly this text on this post, unless it was binned: WordPress's duplicate check. */
export async function findDuplicateComment(db: Executor, postId: number, body: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where((eb) => eb(textPrefixColumn(eb), '=', textPrefix(eb, body)))
    .where('post_id', '=', postId)
    .where('status', '<>', 'trash')
    .where('body', '=', body)
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Other posts that got exactly this text since `since`: the same comment sprayed across articles. */
export async function countSameTextElsewhere(db: Executor, postId: number, body: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.count<number>('post_id').distinct().as('n'))
    .where((eb) => eb(textPrefixColumn(eb), '=', textPrefix(eb, body)))
    .where('body', '=', body)
    .where('post_id', '<>', postId)
    .where('created_at', '>=', toDbTime(since))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import type { TokenCounts } from '../domain/bayes.ts';
import type { Executor } from './db.ts';

/** The row that counts comments learnt, not words (a token can never contain a space). */
const DOCUMENTS = ' documents';

export async function readTokenCounts(db: Executor, tokens: readonly string[]): Promise<{ tokens: Map<string, TokenCounts>; totals: TokenCounts }> {
  const rows = await db
    .selectFrom('spam_tokens')
    .select(['token', 'spam', 'ham'])
    .where('token', 'in', [DOCUMENTS, ...tokens])
    .execute();
  const found = new Map(rows.map((r) => [r.token, { spam: r.spam, ham: r.ham }]));
  return {
    tokens: new Map(tokens.map((t) => [t, found.get(t) ?? { spam: 0, ham: 0 }])),
    totals: found.get(DOCUMENTS) ?? { spam: 0, ham: 0 },
  };
}

/** Adds one comment's tokens to the spam or the ham counts. */
export async function addTokenCounts(db: Executor, tokens: readonly string[], kind: 'spam' | 'ham'): Promise<void> {
  for (const token of [DOCUMENTS, ...tokens]) {
    await db
      .insertInto('spam_tokens')
      .values({ token, spam: kind === 'spam' ? 1 : 0, ham: kind === 'ham' ? 1 : 0 })
      .onConflict((oc) =>
        oc.column('token').doUpdateSet((eb) => (kind === 'spam' ? { spam: eb('spam_tokens.spam', '+', 1) } : { ham: eb('spam_tokens.ham', '+', 1) })),
      )
      .execute();
  }
}

/** Takes one comment's tokens back out of the spam counts (a moderator's "spam" undone). */
export async function removeSpamTokenCounts(db: Executor, tokens: readonly string[]): Promise<void> {
  await db
    .updateTable('spam_tokens')
    .set((eb) => ({ spam: eb('spam', '-', 1) }))
    .where('token', 'in', [DOCUMENTS, ...tokens])
    .where('spam', '>', 0)
    .execute();
}

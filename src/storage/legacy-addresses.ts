/** Addresses of a site's WordPress past (migration 020), each answered by one lookup of its primary key. */
import type { LegacyTargetKind } from '../domain/legacy-addresses.ts';
import { fromDbTime, toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

export async function putLegacyAddress(db: Executor, address: string, kind: LegacyTargetKind, targetId: number, now: Date): Promise<void> {
  await db
    .insertInto('legacy_addresses')
    .values({ address, kind, target_id: targetId, created_at: toDbTime(now) })
    .onConflict((oc) => oc.column('address').doUpdateSet({ kind, target_id: targetId }))
    .execute();
}

/** Keeps an address for a target unless it already leads somewhere. */
export async function addLegacyAddressIfNew(db: Executor, address: string, kind: LegacyTargetKind, targetId: number, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('legacy_addresses')
    .values({ address, kind, target_id: targetId, created_at: toDbTime(now) })
    .onConflict((oc) => oc.column('address').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export type LegacyTarget =
  | { kind: 'post'; slug: string; status: 'draft' | 'published'; publishedAt: Date | null }
  | { kind: 'category' | 'tag'; slug: string }
  | { kind: 'author'; slug: string }
  | { kind: 'page'; path: string; status: 'draft' | 'published' }
  | { kind: 'media'; id: number };

/** What an old address shows now; undefined when it was never stored or what it showed is gone. */
export async function findLegacyTarget(db: Executor, address: string): Promise<LegacyTarget | undefined> {
  const row = await db.selectFrom('legacy_addresses').select(['kind', 'target_id']).where('address', '=', address).executeTakeFirst();
  if (!row) return undefined;
  if (row.kind === 'post') {
    const post = await db.selectFrom('posts').select(['slug', 'status', 'published_at']).where('id', '=', row.target_id).executeTakeFirst();
    return post && { kind: 'post', slug: post.slug, status: post.status, publishedAt: post.published_at === null ? null : fromDbTime(post.published_at) };
  }
  if (row.kind === 'page') {
    const page = await db.selectFrom('pages').select(['path', 'status']).where('id', '=', row.target_id).executeTakeFirst();
    return page && { kind: 'page', path: page.path, status: page.status };
  }
  if (row.kind === 'media') {
    const photo = await db.selectFrom('media').select('id').where('id', '=', row.target_id).executeTakeFirst();
    return photo && { kind: 'media', id: photo.id };
  }
  if (row.kind === 'author') {
    const author = await db.selectFrom('authors').select('slug').where('id', '=', row.target_id).executeTakeFirst();
    return author && { kind: 'author', slug: author.slug };
  }
  const term = await db.selectFrom('terms').select(['slug', 'kind']).where('id', '=', row.target_id).executeTakeFirst();
  return term && { kind: term.kind, slug: term.slug };
}

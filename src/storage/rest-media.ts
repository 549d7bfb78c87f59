import type { MediaItem } from '../domain/media.ts';
import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';
import { likePattern } from './like-pattern.ts';
import { selectMedia, toMediaItem } from './media.ts';

/** What the REST API (/wp-json/wp/v2/media) may filter the library by. */
export interface RestMediaQuery {
  now: Date;
  /** Only images a reader already sees: the featured image of a live post. */
  publicOnly: boolean;
  limit: number;
  offset: number;
  search?: string;
  include?: readonly number[];
  exclude?: readonly number[];
  /** Images featured on any of these posts (WordPress's `parent`). */
  parents?: readonly number[];
  order: 'asc' | 'desc';
}

/** An image with the live post it is featured on, if any (WordPress's `post`). */
export type RestMedia = MediaItem & { postId: number | null };

function selectMatching(db: Executor, query: RestMediaQuery) {
  let q = selectMedia(db);
  if (query.publicOnly) {
    q = q.where('media.id', 'in', (eb) =>
      eb
        .selectFrom('posts')
        .select('posts.featured_media_id')
        .where('posts.status', '=', 'published')
        .where('posts.published_at', 'is not', null)
        .where('posts.published_at', '<=', toDbTime(query.now))
        .where('posts.featured_media_id', 'is not', null),
    );
  }
  if (query.parents) {
    const parents = [...query.parents];
    q = q.where('media.id', 'in', (eb) =>
      eb.selectFrom('posts').select('posts.featured_media_id').where('posts.id', 'in', parents).where('posts.featured_media_id', 'is not', null),
    );
  }
  if (query.include) q = q.where('media.id', 'in', [...query.include]);
  if (query.exclude) q = q.where('media.id', 'not in', [...query.exclude]);
  const term = query.search?.trim();
  if (term) {
    const pattern = likePattern(term);
    q = q.where((eb) =>
      eb.or((['media.file_name', 'media.alt', 'media.caption'] as const).map((column) => eb(eb.fn('lower', [eb.ref(column)]), 'like', eb.val(pattern)))),
    );
  }
  return q;
}

/** One page of the library for the REST API, newest first by default, with how many match in all and the post each is featured on. */
export async function listRestMedia(db: Executor, query: RestMediaQuery): Promise<{ media: RestMedia[]; total: number }> {
  const rows = await selectMatching(db, query)
    .orderBy('media.created_at', query.order)
    .orderBy('media.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const counted = await selectMatching(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const ids = rows.map((r) => r.id);
  const featuredOn = new Map<number, number>();
  if (ids.length > 0) {
    let posts = db.selectFrom('posts').select(['posts.id', 'posts.featured_media_id']).where('posts.featured_media_id', 'in', ids);
    if (query.publicOnly) posts = posts.where('posts.status', '=', 'published').where('posts.published_at', '<=', toDbTime(query.now));
    for (const row of await posts.orderBy('posts.id', 'asc').execute()) {
      if (row.featured_media_id !== null && !featuredOn.has(row.featured_media_id)) featuredOn.set(row.featured_media_id, row.id);
    }
  }
  return { media: rows.map((row) => ({ ...toMediaItem(row), postId: featuredOn.get(row.id) ?? null })), total: Number(counted.n) };
}

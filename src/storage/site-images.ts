import { toDbTime } from './codecs.ts';
import type { Executor } from './db.ts';

/** One of the site's images as stored: its bytes and what its address and tags need. */
export interface SiteImage {
  name: string;
  contentType: string;
  data: Buffer;
  hash: string;
  width: number;
  height: number;
}

/** What a page needs to name an image (never its bytes). */
export type SiteImageRef = Omit<SiteImage, 'data'>;

/** Every stored image's name, hash and size: a few rows, read for each page that is not cached. */
export async function listSiteImageRefs(db: Executor): Promise<SiteImageRef[]> {
  const rows = await db.selectFrom('site_images').select(['name', 'content_type', 'hash', 'width', 'height']).orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, contentType: r.content_type, hash: r.hash, width: Number(r.width), height: Number(r.height) }));
}

/** The image stored under `name`, or undefined. */
export async function findSiteImage(db: Executor, name: string): Promise<SiteImage | undefined> {
  const row = await db.selectFrom('site_images').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  return {
    name: row.name,
    contentType: row.content_type,
    data: Buffer.from(row.data),
    hash: row.hash,
    width: Number(row.width),
    height: Number(row.height),
  };
}

/** Stores images, each replacing the one of its name. */
export async function putSiteImages(db: Executor, images: readonly SiteImage[], now: Date): Promise<void> {
  for (const image of images) {
    const values = {
      content_type: image.contentType,
      data: image.data,
      hash: image.hash,
      width: image.width,
      height: image.height,
      updated_at: toDbTime(now),
    };
    await db
      .insertInto('site_images')
      .values({ name: image.name, ...values })
      .onConflict((oc) => oc.column('name').doUpdateSet(values))
      .execute();
  }
}

/** Removes the images whose names are given. */
export async function deleteSiteImages(db: Executor, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db.deleteFrom('site_images').where('name', 'in', names).execute();
}

/**
 * The photos shown inside texts saved before their uses were recorded at save (migration 030):
 * found once, at the first start after it, and recorded like a save records them.
 */
import { bodyPhotoIds } from '../content/markdown.ts';
import type { Db } from '../storage/db.ts';
import { listTextsNamingMedia, replaceBodyMedia } from '../storage/media.ts';
import { findSetting, putSetting } from '../storage/settings.ts';

/** Set once every earlier text has been read; a later save records its own uses. */
const RECORDED_SETTING = 'media_body_uses_recorded';
/** Texts read per transaction: short transactions, so that a start on a large site never holds the database long. */
const BATCH = 200;

/** Records the library photos earlier posts' and pages' texts show; does nothing once done. Returns the texts read. */
export async function recordEarlierBodyPhotos(db: Db): Promise<number> {
  if ((await findSetting(db, RECORDED_SETTING)) === true) return 0;
  let read = 0;
  for (const kind of ['post', 'page'] as const) {
    let afterId = 0;
    for (;;) {
      const texts = await listTextsNamingMedia(db, kind, afterId, BATCH);
      if (texts.length === 0) break;
      await db.transaction().execute(async (tx) => {
        for (const text of texts) await replaceBodyMedia(tx, { kind, id: text.id }, bodyPhotoIds(text.bodyMarkdown));
      });
      read += texts.length;
      afterId = texts.at(-1)?.id ?? afterId;
      if (texts.length < BATCH) break;
    }
  }
  await putSetting(db, RECORDED_SETTING, true);
  return read;
}

import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aUser } from '../../test/support/admin.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { aJpeg } from '../../test/support/images.ts';
import { DomainError } from '../domain/errors.ts';
import type { User } from '../domain/users.ts';
import { trustSanitizedHtml } from '../domain/safe-html.ts';
import { insertPage } from '../storage/pages.ts';
import { getLibraryItem, removeMedia, uploadMedia } from './media.ts';
import { recordEarlierBodyPhotos } from './media-uses.ts';
import { MediaVariants } from './media-variants.ts';
import { savePage } from './pages.ts';
import { savePost } from './post-editor.ts';

const NO_DETAILS = { alt: 'A photo', caption: '', creditText: '', creditSourceId: null };

function postDraft(title: string, bodyMarkdown: string) {
  return { title, slug: '', excerpt: '', bodyMarkdown, label: null, commentsOpen: true, categories: [], tags: [], sources: [] };
}

function pageDraft(title: string, bodyMarkdown: string) {
  return { title, slug: '', bodyMarkdown, parentId: null, menuOrder: 0, status: 'published' as const };
}

describe('a photo used only inside a post’s or a page’s text', () => {
  let database: TestDatabase;
  let media: MediaVariants;
  let editor: User;
  const now = new Date('2026-06-01T12:00:00Z');

  before(async () => {
    database = await createTestDatabase();
    media = new MediaVariants({
      cacheDir: await mkdtemp(join(tmpdir(), 'wirepress-uses-')),
      cacheMaxBytes: 1 << 26,
      maxUploadBytes: 1 << 22,
      keepCredits: false,
    });
    editor = await aUser(database.db, 'editor');
  });
  after(() => database.destroy());

  const upload = async (name: string) => {
    const [id] = await uploadMedia(database.db, media, editor, [{ name, bytes: await aJpeg(400, 300) }], NO_DETAILS, now);
    assert.ok(id);
    return id;
  };

  const refusal = async (id: number) => {
    try {
      await removeMedia(database.db, editor, id);
      return undefined;
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };

  it('is listed among its uses, with the post and the page, and cannot be deleted until both stop showing it', async () => {
    const id = await upload('in-texts.jpg');
    const post = await savePost(
      database.db,
      editor,
      { draft: postDraft('Floods in the north', `The river rose overnight.\n\n![The bridge](/media/${id}/)`), action: 'save', scheduleAt: null },
      now,
    );
    // Without the closing slash, as the library's address is also written.
    const page = await savePage(
      database.db,
      { draft: pageDraft('About our photographers', `Our work.\n\n![On assignment](/media/${id})`), authorId: null },
      now,
    );
    const uses = (await getLibraryItem(database.db, editor, id)).uses;
    assert.deepEqual(
      uses.map((u) => [u.kind, u.id, u.title]),
      [
        ['post', post.id, 'Floods in the north'],
        ['page', page.id, 'About our photographers'],
      ],
    );
    assert.equal(await refusal(id), 'conflict');

    const postRow = await database.db.selectFrom('posts').select('updated_at').where('id', '=', post.id).executeTakeFirstOrThrow();
    await savePost(
      database.db,
      editor,
      {
        postId: post.id,
        baseVersion: new Date(postRow.updated_at),
        draft: postDraft('Floods in the north', 'The river rose overnight.'),
        action: 'save',
        scheduleAt: null,
      },
      now,
    );
    assert.deepEqual(
      (await getLibraryItem(database.db, editor, id)).uses.map((u) => u.kind),
      ['page'],
    );
    assert.equal(await refusal(id), 'conflict', 'the page still shows it');
    await savePage(database.db, { id: page.id, draft: pageDraft('About our photographers', 'Our work.'), authorId: null }, now);
    assert.equal(await refusal(id), undefined);
  });

  it('counts texts saved before uses were recorded, once they are read at start', async () => {
    const id = await upload('earlier.jpg');
    // A page as an older version wrote it: the text names the photo, no use was recorded.
    const pageId = await insertPage(
      database.db,
      {
        parentId: null,
        slug: 'archive-photos',
        path: 'archive-photos',
        title: 'Photo archive',
        bodyMarkdown: `![From the archive](https://news.example/media/${id}/)`,
        bodyHtml: trustSanitizedHtml('<p></p>'),
        bodyText: '',
        status: 'published',
        menuOrder: 0,
        authorId: null,
        commentsOpen: false,
        publishedAt: now,
      },
      now,
    );
    assert.deepEqual((await getLibraryItem(database.db, editor, id)).uses, []);
    assert.ok((await recordEarlierBodyPhotos(database.db)) >= 1);
    assert.deepEqual(
      (await getLibraryItem(database.db, editor, id)).uses.map((u) => [u.kind, u.id]),
      [['page', pageId]],
    );
    assert.equal(await refusal(id), 'conflict');
    assert.equal(await recordEarlierBodyPhotos(database.db), 0, 'done once');
  });
});

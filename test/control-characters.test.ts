import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { CONTROL_CHARACTERS_MESSAGE } from '../src/http/forms/form-text.ts';
import { issueOwnerSetupLink } from '../src/services/accounts.ts';
import { adminFetch, aUser, SETTINGS_FORM, signIn, type AdminSession } from './support/admin.ts';
import { aPost } from './support/factories.ts';
import { DEMO_ARTICLE_PATH, postForm, startTestServer, type TestServer } from './support/server.ts';

/** What scripts and careless pastes send: NUL first (PostgreSQL cannot store it, SQLite's length() stops at it), and other C0 controls. */
const CONTROLS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u001B', '\u007F'];

/** The message shown beside a field, found by the field's error element or the summary. */
function messageBeside(html: string, field: string): string | undefined {
  const page = parse(html);
  return page.querySelector(`#${field}-error`)?.textContent.trim() ?? undefined;
}

describe('control characters in every text field are refused at the edge, beside the field, with nothing lost', () => {
  let server: TestServer;
  let admin: AdminSession;
  let published: { id: number };

  before(async () => {
    server = await startTestServer({ seed: true });
    admin = await signIn(server, await aUser(server.database.db, 'owner'));
    published = await aPost(server.database.db, { title: 'A story to correct' });
  });
  after(async () => {
    await server?.close();
  });

  const postsCount = async () =>
    Number(
      (
        await server.database.db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the post editor: a title, body, excerpt, categories, tags and source rows', async () => {
    const before = await postsCount();
    for (const control of CONTROLS) {
      for (const field of ['title', 'body', 'excerpt', 'categories', 'tags', 'source_0_name']) {
        const fields: Record<string, string> = { title: 'A fine title', body: 'A fine body.', action: 'save', source_0_role: 'original' };
        fields[field] = `${control}Typed by the editor`;
        const res = await admin.post('/admin/posts/new/', fields);
        const html = await res.text();
        assert.equal(res.status, 422, `${field} with U+${control.codePointAt(0)!.toString(16).padStart(4, '0')}`);
        assert.equal(messageBeside(html, field), CONTROL_CHARACTERS_MESSAGE, field);
        // The editor's text comes back in the form.
        assert.ok(html.includes('Typed by the editor'), field);
      }
    }
    assert.equal(await postsCount(), before, 'nothing stored');
  });

  it('a correction note', async () => {
    const res = await admin.post(`/admin/posts/${published.id}/corrections/`, { correction: '\u0000An earlier version misnamed the ministry.' });
    const html = await res.text();
    assert.equal(res.status, 422);
    assert.ok(html.includes(CONTROL_CHARACTERS_MESSAGE));
    assert.ok(html.includes('An earlier version misnamed the ministry.'));
    const stored = await server.database.db.selectFrom('corrections').select('body').where('post_id', '=', published.id).execute();
    assert.deepEqual(stored, []);
  });

  it('the site settings', async () => {
    const base = { ...SETTINGS_FORM, title: 'Site', tagline: 'Tag' };
    for (const field of ['title', 'tagline', 'moderationKeys', 'disallowedKeys']) {
      const res = await admin.post('/admin/settings/', { ...base, [field]: '\u0000Typed' });
      const html = await res.text();
      assert.equal(res.status, 422, field);
      assert.equal(messageBeside(html, field), CONTROL_CHARACTERS_MESSAGE, field);
    }
  });

  it('the site’s identity', async () => {
    for (const field of ['accentColor', 'footerText', 'socialLinks']) {
      const res = await admin.post('/admin/settings/identity/', { accentColor: '', footerText: '', socialLinks: '', [field]: '\u0000Typed' });
      const html = await res.text();
      assert.equal(res.status, 422, field);
      assert.equal(messageBeside(html, field), CONTROL_CHARACTERS_MESSAGE, field);
    }
  });

  it('an invitation and a first-run setup', async () => {
    const invite = await admin.post('/admin/users/', { displayName: '\u0000Nina', email: 'nina@newsroom.example', role: 'editor' });
    assert.equal(invite.status, 422);
    assert.equal(messageBeside(await invite.text(), 'displayName'), CONTROL_CHARACTERS_MESSAGE);

    const other = await startTestServer({ seed: false });
    try {
      const token = await issueOwnerSetupLink(other.database.db, new Date());
      assert.ok(token);
      const res = await adminFetch(other, '/admin/setup/', {
        fields: { token, displayName: '\u0000Olga', email: 'olga@example.org', password: 'correct horse battery staple' },
      });
      assert.equal(res.status, 422);
      assert.equal(messageBeside(await res.text(), 'displayName'), CONTROL_CHARACTERS_MESSAGE);
    } finally {
      await other.close();
    }
  });

  it('a reader’s reply keeps its text and says why', async () => {
    const res = await postForm(server, `${DEMO_ARTICLE_PATH}comments`, { comment: '\u0000My reply', author: 'Reader', email: 'reader@example.org', url: '' });
    const html = await res.text();
    assert.equal(res.status, 422);
    assert.ok(html.includes('My reply'));
    assert.ok(messageBeside(html, 'comment'));
  });
});

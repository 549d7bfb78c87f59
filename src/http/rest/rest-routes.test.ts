import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WPAPI, { type Page } from 'wpapi';
import { aComment, aPost } from '../../../test/support/factories.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { permalinkOf } from '../../domain/posts.ts';

const HOSTILE_TITLE = `<script>alert(1)</script> Tom & "Jerry's" A&nbsp;B`;

/** What node-wpapi rejects with when the site answers an error: the parsed JSON body. */
async function failure(request: PromiseLike<unknown>): Promise<{ code: string; message: string; data: { status: number; params?: Record<string, string> } }> {
  try {
    await request;
  } catch (error) {
    return error as { code: string; message: string; data: { status: number } };
  }
  assert.fail('the request succeeded');
}

describe('the REST API (wp/v2) read by node-wpapi', () => {
  let server: TestServer;
  let wp: WPAPI;
  const posts: Record<string, { id: number; slug: string; publishedAt: Date }> = {};
  const comments: Record<string, number> = {};

  before(async () => {
    server = await startTestServer({ seed: false });
    const db = server.database.db;
    posts.old = await aPost(db, { title: 'Old wheat harvest', publishedAt: new Date(Date.UTC(2022, 1, 14, 9)) });
    posts.hostile = await aPost(db, {
      title: HOSTILE_TITLE,
      body: 'The body of the story.',
      excerpt: 'A <b>short</b> excerpt',
      publishedAt: new Date(Date.UTC(2022, 1, 15, 12)),
      commentsOpen: false,
      terms: [
        { kind: 'category', slug: 'world', name: 'World' },
        { kind: 'tag', slug: 'diplomacy', name: 'Diplomacy' },
      ],
      sources: [{ slug: 'iz', name: 'IZ', role: 'original' }],
    });
    posts.newest = await aPost(db, { title: 'Newest wheat prices', publishedAt: new Date(Date.UTC(2022, 1, 16, 9)) });
    posts.draft = await aPost(db, { title: 'Draft wheat secret', status: 'draft', publishedAt: new Date(Date.UTC(2022, 1, 16, 10)) });
    posts.scheduled = await aPost(db, { title: 'Scheduled wheat story', publishedAt: new Date(Date.now() + 86_400_000) });
    posts.byOther = await aPost(db, {
      title: 'By another hand',
      author: 'Ann <b>Other</b>',
      publishedAt: new Date(Date.UTC(2022, 1, 13, 9)),
      terms: [{ kind: 'tag', slug: 'diplomacy', name: 'Diplomacy' }],
    });
    await aPost(db, {
      title: 'Draft by a hidden hand',
      author: 'Hidden Writer',
      status: 'draft',
      terms: [{ kind: 'category', slug: 'secret', name: 'Secret' }],
    });
    comments.approved = await aComment(db, posts.old!.id, { name: '<b>Ada</b>', email: 'ada-private@example.org', body: 'Wheat <script>x</script> prices' });
    comments.reply = await aComment(db, posts.old!.id, { name: 'Bob', email: 'bob-private@example.org', parentId: comments.approved, depth: 2 });
    comments.pending = await aComment(db, posts.old!.id, { status: 'pending', name: 'Pending Pete' });
    comments.spam = await aComment(db, posts.old!.id, { status: 'spam', name: 'Spam Sam' });
    comments.onDraft = await aComment(db, posts.draft!.id, { name: 'On a draft' });
    wp = new WPAPI({ endpoint: `${server.url}/wp-json` });
  });
  after(() => server.close());

  it('pages through published posts, newest first, with WordPress’s totals and links, and never a draft or a scheduled post', async () => {
    const first: Page = await wp.posts().perPage(2).page(1);
    assert.deepEqual(
      first.map((p) => p.id),
      [posts.newest!.id, posts.hostile!.id],
    );
    assert.equal(first._paging?.total, 4);
    assert.equal(first._paging?.totalPages, 2);
    assert.ok(first._paging?.next, 'a link to the next page');
    const second: Page = await first._paging!.next!;
    assert.deepEqual(
      second.map((p) => p.id),
      [posts.old!.id, posts.byOther!.id],
    );
    assert.ok(second._paging?.prev && !second._paging.next);
    const all: Page = await wp.posts().perPage(100);
    const ids = all.map((p) => p.id);
    assert.ok(!ids.includes(posts.draft!.id) && !ids.includes(posts.scheduled!.id));
    assert.equal(all.length, 4);
  });

  it('gives a post in WordPress’s shape, its title escaped as HTML, with its outlets', async () => {
    const post = await wp.posts().id(posts.hostile!.id);
    const { _links, ...fields } = post;
    assert.deepEqual(fields, {
      id: posts.hostile!.id,
      date: '2022-02-15T12:00:00',
      date_gmt: '2022-02-15T12:00:00',
      guid: { rendered: `${server.url}/?p=${posts.hostile!.id}` },
      modified: fields.modified,
      modified_gmt: fields.modified,
      slug: posts.hostile!.slug,
      status: 'publish',
      type: 'post',
      link: `${server.url}${permalinkOf(posts.hostile!)}`,
      title: { rendered: '&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; &quot;Jerry&#39;s&quot; A&amp;nbsp;B' },
      content: { rendered: '<p>The body of the story.</p>\n', protected: false },
      excerpt: { rendered: '<p>A &lt;b&gt;short&lt;/b&gt; excerpt</p>\n', protected: false },
      author: fields.author,
      featured_media: 0,
      comment_status: 'closed',
      ping_status: 'closed',
      sticky: false,
      template: '',
      format: 'standard',
      meta: [],
      categories: [fields.categories && (fields.categories as number[])[0]],
      tags: [fields.tags && (fields.tags as number[])[0]],
      sources: [{ name: 'IZ', slug: 'iz', url: null, role: 'original', language: null }],
    });
    assert.match(String(fields.modified), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    assert.equal(typeof fields.author, 'number');
    assert.notEqual((fields.categories as number[])[0], (fields.tags as number[])[0]);
    assert.deepEqual((_links as { self: unknown }).self, [{ href: `${server.url}/wp-json/wp/v2/posts/${posts.hostile!.id}` }]);
  });

  it('finds a post by slug, but never a draft by its slug', async () => {
    const found: Page = await wp.posts().slug(posts.old!.slug);
    assert.deepEqual(
      found.map((p) => p.id),
      [posts.old!.id],
    );
    assert.deepEqual([...(await wp.posts().slug(posts.draft!.slug))], []);
  });

  it('filters by search, category and ids, sorts by title, and trims to _fields', async () => {
    const wheat: Page = await wp.posts().search('WHEAT');
    assert.deepEqual(wheat.map((p) => p.id).sort(), [posts.old!.id, posts.newest!.id].sort());
    const hostile = await wp.posts().id(posts.hostile!.id);
    const inWorld: Page = await wp.posts().categories(hostile.categories as number[]);
    assert.deepEqual(
      inWorld.map((p) => p.id),
      [posts.hostile!.id],
    );
    const byTitle: Page = await wp.posts().orderby('title').order('asc').param('exclude', [posts.hostile!.id, posts.byOther!.id]);
    assert.deepEqual(
      byTitle.map((p) => p.id),
      [posts.newest!.id, posts.old!.id],
    );
    const trimmed: Page = await wp.posts().param('_fields', 'id,title.rendered').param('include', [posts.old!.id]);
    assert.deepEqual([...trimmed], [{ id: posts.old!.id, title: { rendered: 'Old wheat harvest' } }]);
    const after: Page = await wp.posts().param('after', '2022-02-15T12:00:00');
    assert.deepEqual(
      after.map((p) => p.id),
      [posts.newest!.id],
    );
  });

  it('answers errors in WordPress’s shape: a draft, a scheduled post or no post is an invalid id; bad parameters and pages past the end are 400s', async () => {
    for (const id of [posts.draft!.id, posts.scheduled!.id, 999_999, 99_999_999_999]) {
      assert.deepEqual(await failure(wp.posts().id(id)), { code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } });
    }
    const tooMany = await failure(wp.posts().perPage(101));
    assert.equal(tooMany.code, 'rest_invalid_param');
    assert.equal(tooMany.data.status, 400);
    assert.deepEqual(Object.keys(tooMany.data.params ?? {}), ['per_page']);
    const badOrder = await failure(wp.posts().param('orderby', 'password'));
    assert.equal(badOrder.code, 'rest_invalid_param');
    const pastTheEnd = await failure(wp.posts().page(9));
    assert.deepEqual(pastTheEnd, {
      code: 'rest_post_invalid_page_number',
      message: 'The page number requested is larger than the number of pages available.',
      data: { status: 400 },
    });
    const response = await fetch(`${server.url}/wp-json/wp/v2/nothing-here`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { code: string }).code, 'rest_no_route');
  });

  it('lists categories and tags with their counts of live posts, by id, by slug and by post', async () => {
    const categories: Page = await wp.categories();
    const world = categories.find((c) => c.slug === 'world');
    assert.ok(world);
    const { _links, ...fields } = world;
    assert.deepEqual(fields, {
      id: world.id,
      count: 1,
      description: '',
      link: `${server.url}/category/world/`,
      name: 'World',
      slug: 'world',
      taxonomy: 'category',
      parent: 0,
      meta: [],
    });
    assert.equal(categories.find((c) => c.slug === 'secret')?.count, 0, 'a category of drafts only counts nothing');
    const nonEmpty: Page = await wp.categories().param('hide_empty', true);
    assert.deepEqual(
      nonEmpty.map((c) => c.slug),
      ['world'],
    );
    const tags: Page = await wp.tags().slug('diplomacy');
    assert.equal(tags.length, 1);
    assert.equal(tags[0]!.count, 2);
    assert.equal(tags[0]!.taxonomy, 'post_tag');
    const byId = await wp.tags().id(tags[0]!.id as number);
    assert.equal(byId.slug, 'diplomacy');
    const ofPost: Page = await wp.tags().param('post', posts.hostile!.id);
    assert.deepEqual(
      ofPost.map((t) => t.slug),
      ['diplomacy'],
    );
    assert.deepEqual([...(await wp.categories().param('post', posts.draft!.id))], [], 'a draft’s categories stay hidden');
    assert.equal((await failure(wp.categories().id(tags[0]!.id as number))).code, 'rest_term_invalid', 'a tag is no category');
  });

  it('lists as users only the authors of live posts, with nothing of their accounts', async () => {
    const users: Page = await wp.users();
    assert.deepEqual(
      users.map((u) => u.name),
      ['Ann &lt;b&gt;Other&lt;/b&gt;', 'Test Reporter'],
    );
    const { _links, ...fields } = users[1]!;
    assert.deepEqual(fields, {
      id: fields.id,
      name: 'Test Reporter',
      url: '',
      description: '',
      link: `${server.url}/author/test-reporter/`,
      slug: 'test-reporter',
      avatar_urls: {},
      meta: [],
    });
    const hostile = await wp.posts().id(posts.hostile!.id);
    assert.equal((await wp.users().id(hostile.author as number)).slug, 'test-reporter');
    const hidden = await fetch(`${server.url}/wp-json/wp/v2/users?slug=hidden-writer`);
    assert.deepEqual(await hidden.json(), []);
  });

  it('lists a post’s approved comments and no others, never with an email', async () => {
    const response = await fetch(`${server.url}/wp-json/wp/v2/comments?per_page=100`);
    const text = await response.text();
    assert.doesNotMatch(text, /private@example\.org|"127\.0\.0\.1"|author_email|author_ip|user_agent/);
    const onPost: Page = await wp.comments().forPost(posts.old!.id);
    assert.deepEqual(
      onPost.map((c) => c.id),
      [comments.reply, comments.approved],
    );
    const ada = onPost.find((c) => c.id === comments.approved)!;
    const { _links, ...fields } = ada;
    assert.deepEqual(fields, {
      id: comments.approved,
      post: posts.old!.id,
      parent: 0,
      author: 0,
      author_name: '&lt;b&gt;Ada&lt;/b&gt;',
      author_url: '',
      date: fields.date,
      date_gmt: fields.date,
      content: { rendered: '<p>Wheat &lt;script&gt;x&lt;/script&gt; prices</p>' },
      link: `${server.url}${permalinkOf(posts.old!)}#comment-${comments.approved}`,
      status: 'approved',
      type: 'comment',
      author_avatar_urls: {},
      meta: [],
    });
    assert.equal(onPost.find((c) => c.id === comments.reply)?.parent, comments.approved);
    const all: Page = await wp.comments().perPage(100);
    const ids = all.map((c) => c.id);
    for (const hidden of [comments.pending, comments.spam, comments.onDraft]) assert.ok(!ids.includes(hidden), `comment ${hidden} is hidden`);
    for (const hidden of [comments.pending!, comments.onDraft!]) {
      assert.equal((await failure(wp.comments().id(hidden))).code, 'rest_comment_invalid_id');
    }
  });

  it('finds the API from any page’s Link header (WPAPI.discover), the cached page’s too, and reads through the routes the index lists', async () => {
    for (const attempt of ['MISS', 'HIT']) {
      const page = await fetch(`${server.url}${permalinkOf(posts.old!)}`);
      assert.equal(page.headers.get('X-Cache'), attempt);
      assert.equal(page.headers.get('Link'), `<${server.url}/wp-json/>; rel="https://api.w.org/"`);
    }
    const discovered = await WPAPI.discover(server.url);
    const first: Page = await discovered.posts().perPage(1);
    assert.equal(first._paging?.total, 4);
    const sources: Page = await discovered.namespace('wirepress/v1').sources();
    assert.deepEqual(
      sources.map((s) => [s.slug, s.count, s.link]),
      [['iz', 1, `${server.url}/source/iz/`]],
    );
  });

  it('describes the site and its routes at /wp-json/, and answers ?rest_route= as the path form', async () => {
    const index = (await (await fetch(`${server.url}/wp-json/`)).json()) as Record<string, unknown>;
    assert.equal(index.url, server.url);
    assert.equal(index.home, server.url);
    assert.equal(index.gmt_offset, 0);
    assert.deepEqual(index.namespaces, ['wp/v2', 'wirepress/v1']);
    const routes = Object.keys(index.routes as object);
    for (const route of [
      '/wp/v2/posts',
      '/wp/v2/posts/(?P<id>[\\d]+)',
      '/wp/v2/categories',
      '/wp/v2/tags',
      '/wp/v2/users',
      '/wp/v2/comments',
      '/wirepress/v1/sources',
    ]) {
      assert.ok(routes.includes(route), route);
    }
    const viaQuery = await fetch(`${server.url}/?rest_route=/wp/v2/posts&per_page=1&page=2`);
    const viaPath = await fetch(`${server.url}/wp-json/wp/v2/posts?per_page=1&page=2`);
    assert.equal(viaQuery.headers.get('X-WP-Total'), '4');
    assert.deepEqual(await viaQuery.json(), await viaPath.json());
    const slashed = await fetch(`${server.url}/wp-json/wp/v2/posts/?per_page=1&page=2`);
    assert.deepEqual(await slashed.json(), await (await fetch(`${server.url}/wp-json/wp/v2/posts?per_page=1&page=2`)).json());
    const missing = await fetch(`${server.url}/?rest_route=/wp/v2/posts/${posts.draft!.id}`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'rest_post_invalid_id');
  });

  it('keeps anonymous answers like pages, headers included, answers 304 to a current copy, and drops them when a post or a comment comes', async () => {
    const address = `${server.url}/wp-json/wp/v2/posts?per_page=2&_fields=id`;
    const first = await fetch(address);
    const second = await fetch(address);
    assert.equal(second.headers.get('X-Cache'), 'HIT');
    for (const name of ['X-WP-Total', 'X-WP-TotalPages', 'Link', 'ETag', 'Content-Type']) {
      assert.equal(second.headers.get(name), first.headers.get(name), name);
    }
    assert.equal(second.headers.get('X-WP-Total'), '4');
    assert.match(second.headers.get('Link') ?? '', /rel="next"/);
    const current = await fetch(address, { headers: { 'If-None-Match': second.headers.get('ETag')! } });
    assert.equal(current.status, 304);

    const added = await aPost(server.database.db, { title: 'Fresh news', publishedAt: new Date(Date.UTC(2022, 1, 17, 9)) });
    const after = await fetch(address);
    assert.equal(after.headers.get('X-WP-Total'), '5');
    assert.equal(((await after.json()) as Array<{ id: number }>)[0]!.id, added.id);
    assert.equal((await fetch(`${address}&page=2`)).headers.get('X-WP-TotalPages'), '3');

    const onOld = `${server.url}/wp-json/wp/v2/comments?post=${posts.old!.id}`;
    const before = (await (await fetch(onOld)).json()) as unknown[];
    assert.equal((await fetch(onOld)).headers.get('X-Cache'), 'HIT');
    await aComment(server.database.db, posts.old!.id, { name: 'Late reader' });
    const later = (await (await fetch(onOld)).json()) as unknown[];
    assert.equal(later.length, before.length + 1);
  });

  it('answers hostile or malformed query strings with a 400 or an empty list, never a server error', async () => {
    const queries = [
      'posts?page=abc',
      'posts?per_page=0',
      'posts?after=2022-13-45T00:00:00',
      'posts?search=%00',
      'posts?slug=a%00b',
      'posts?categories=abc',
      'posts?include[]=99999999999',
      'posts?orderby=title&order=ASC',
      'posts?_fields=__proto__,constructor.prototype',
      'posts/00001',
      'comments?parent=0&post=1,2,3',
      'tags?hide_empty=maybe',
      'users?search=%25%5F%5C',
      'categories?post=1,2',
    ];
    for (const query of queries) {
      const response = await fetch(`${server.url}/wp-json/wp/v2/${query}`);
      assert.ok([200, 400, 404].includes(response.status), `${query}: ${response.status}`);
      assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/, query);
      const body = (await response.json()) as { code?: string };
      if (response.status !== 200) assert.match(body.code ?? '', /^rest_/, query);
    }
  });

  it('embeds each post’s author, categories and tags, and approved replies with _embed, as WordPress does', async () => {
    const [hostile] = (await wp.posts().include([posts.hostile!.id]).embed()) as Array<Record<string, unknown>>;
    const embedded = hostile!._embedded as Record<string, Array<Record<string, unknown>> | Array<Array<Record<string, unknown>>>>;
    assert.equal((embedded.author as Array<Record<string, unknown>>)[0]!.id, hostile!.author);
    const [categories, tags] = embedded['wp:term'] as Array<Array<Record<string, unknown>>>;
    assert.deepEqual(
      categories!.map((t) => t.slug),
      ['world'],
    );
    assert.deepEqual(
      tags!.map((t) => t.slug),
      ['diplomacy'],
    );
    assert.equal(embedded.replies, undefined, 'no replies on a post without comments');

    const old = (await wp.posts().id(posts.old!.id).embed()) as Record<string, unknown>;
    const replies = (old._embedded as { replies: Array<Array<Record<string, unknown>>> }).replies[0]!;
    const ids = replies.map((r) => r.id);
    assert.ok(ids.includes(comments.approved) && ids.includes(comments.reply), 'its approved replies');
    assert.ok(!ids.includes(comments.pending) && !ids.includes(comments.spam), 'never a held or spam comment');
    assert.ok(!JSON.stringify(old).includes('private@example.org') && !JSON.stringify(old).includes('ada-private'), 'no email');
    const onlyAuthor = (await (await fetch(`${server.url}/wp-json/wp/v2/posts/${posts.old!.id}?_embed=author`)).json()) as {
      _embedded: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(onlyAuthor._embedded), ['author']);
    const plain = (await wp.posts().id(posts.old!.id)) as Record<string, unknown>;
    assert.equal(plain._embedded, undefined);
  });

  it('searches live posts at /wp/v2/search and describes types, taxonomies and statuses by name', async () => {
    const found = (await wp.root('wp/v2/search').param('search', 'wheat')) as unknown as Page;
    assert.deepEqual(
      found.map((r) => r.id),
      [posts.newest!.id, posts.old!.id],
      'never the draft or the scheduled post',
    );
    assert.equal(found[0]!.type, 'post');
    const types = (await wp.root('wp/v2/types')) as Record<string, Record<string, unknown>>;
    assert.equal(types.post!.rest_base, 'posts');
    assert.equal(((await wp.root('wp/v2/types/post')) as Record<string, unknown>).slug, 'post');
    const taxonomies = (await wp.root('wp/v2/taxonomies')) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(taxonomies), ['category', 'post_tag']);
    assert.equal(((await wp.root('wp/v2/taxonomies/post_tag')) as Record<string, unknown>).rest_base, 'tags');
    const statuses = (await wp.root('wp/v2/statuses')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(statuses), ['publish'], 'anonymous clients see only published');
    for (const [path, code] of [
      ['types/page-of-nothing', 'rest_no_route'],
      ['types/nothing', 'rest_type_invalid'],
      ['taxonomies/nothing', 'rest_taxonomy_invalid'],
      ['statuses/draft', 'rest_status_invalid'],
      ['search?type=term', 'rest_invalid_param'],
    ] as const) {
      const response = await fetch(`${server.url}/wp-json/wp/v2/${path}`);
      assert.equal(((await response.json()) as { code: string }).code, code, path);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseHtml, type HTMLElement } from 'node-html-parser';
import { slugify } from '../src/domain/slugs.ts';
import { aComment, aPost, aSetting } from './support/factories.ts';
import { feedparserVerdicts } from './support/feedparser.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { childText, elementsNamed, parseStrictXml, type XmlNode } from './support/xml.ts';

const SITE = 'https://news.example.org';

/**
 * Text that looks like markup, like entities or like the end of a CDATA section. Each must reach
 * a feed reader as the same characters: escaped once, never turned into markup, never double-escaped.
 */
const LOOKALIKES = [
  '<script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  'A&nbsp;B',
  '&#60;img src=x onerror=alert(1)&#62;',
  '" onmouseover="alert(1)" x="',
  '&quot; onmouseover=&quot;alert(1)',
  "Tom &amp; Jerry's ]]> <![CDATA[ x",
];
const TITLE = `Breaking ${LOOKALIKES.join(' | ')}`;
const EXCERPT = '<img src=x onerror=alert(1)> &lt;b&gt;plain&lt;/b&gt; A&nbsp;B';
const AUTHOR = 'Jane "<b>" &amp; A&nbsp;Doe';
const CATEGORY = 'World &lt;b&gt; <i>x</i>';
const TAG = 'A&nbsp;B "tag"';
const SOURCE = 'R&amp;T <script>x</script>';
const SITE_TITLE = 'The &lt;Daily&gt; A&nbsp;Wire';
const TAGLINE = 'News & "views" <b>not bold</b> &amp;';
/** The body is Markdown, where entities are entities: it reads as this. */
const BODY_SHOWN = /with <script>alert\(1\)<\/script> and A\u00a0B\./;
const BODY = [
  'A paragraph with &lt;script&gt;alert(1)&lt;/script&gt; and A&nbsp;B.',
  '',
  '<script>alert(2)</script><img src=x onerror=alert(3)> ]]> "quoted"',
].join('\n');

/** Elements and attributes that must never reach a reader from an HTML field of a feed. */
const UNSAFE_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'input', 'base', 'link', 'meta']);
const SAFE_URL = /^(?:https?:|\/|#)/i;

function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  const walk = (element: HTMLElement) => {
    for (const child of element.childNodes) {
      if (child.nodeType !== 1) continue;
      const el = child as HTMLElement;
      const tag = el.rawTagName?.toLowerCase() ?? '';
      if (UNSAFE_ELEMENTS.has(tag)) problems.push(`<${tag}>`);
      for (const [name, value] of Object.entries(el.attributes)) {
        if (/^on/i.test(name)) problems.push(`${tag} ${name}=`);
        if (/^(?:href|src|action|formaction)$/i.test(name) && !SAFE_URL.test(value.trim())) problems.push(`${tag} ${name}=${value}`);
      }
      walk(el);
    }
  };
  walk(parseHtml(html));
  return problems;
}

/** The text a reader sees when an HTML field is shown. */
const shownText = (html: string) => parseHtml(html).textContent;

describe('feeds and sitemaps with hostile titles, names, excerpts, bodies and comments', () => {
  let server: TestServer;
  let postUrl: string;
  const documents = new Map<string, string>();

  before(async () => {
    server = await startTestServer({ siteUrl: SITE });
    const db = server.database.db;
    await aSetting(db, 'title', SITE_TITLE);
    await aSetting(db, 'tagline', TAGLINE);
    const post = await aPost(db, {
      title: TITLE,
      excerpt: EXCERPT,
      body: BODY,
      author: AUTHOR,
      publishedAt: new Date(),
      terms: [
        { kind: 'category', slug: 'lookalike-desk', name: CATEGORY },
        { kind: 'tag', slug: 'lookalikes', name: TAG },
      ],
      sources: [{ slug: 'lookalike-wire', name: SOURCE, role: 'original' }],
    });
    const d = post.publishedAt;
    const path = `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${post.slug}/`;
    postUrl = `${SITE}${path}`;
    for (const [i, text] of LOOKALIKES.entries()) await aComment(db, post.id, { name: text, body: `${i}: ${text}` });

    const paths = [
      '/feed/',
      '/feed/atom/',
      '/comments/feed/',
      `${path}feed/`,
      '/category/lookalike-desk/feed/',
      '/tag/lookalikes/feed/',
      '/source/lookalike-wire/feed/',
      `/author/${slugify(AUTHOR)}/feed/`,
    ];
    for (const p of paths) documents.set(p, await fetchOk(p));
    const sitemap = parseStrictXml(await fetchOk('/sitemap.xml'));
    for (const loc of elementsNamed(sitemap, 'loc')) documents.set(new URL(loc.text).pathname, await fetchOk(new URL(loc.text).pathname));
    documents.set('/sitemap.xml', await fetchOk('/sitemap.xml'));
    documents.set('/news-sitemap.xml', await fetchOk('/news-sitemap.xml'));
  });
  after(async () => {
    await server?.close();
  });

  async function fetchOk(path: string): Promise<string> {
    const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    assert.equal(res.status, 200, path);
    return res.text();
  }

  const feedPaths = () => [...documents.keys()].filter((p) => p.endsWith('/feed/') || p.endsWith('/feed/atom/'));

  it('every feed and sitemap is well-formed XML to a strict parser', () => {
    assert.ok(documents.size >= 11, `feeds and sitemaps fetched: ${[...documents.keys()].join(', ')}`);
    for (const [path, xml] of documents) {
      try {
        parseStrictXml(xml);
      } catch (error) {
        assert.fail(`${path}: ${(error as Error).message}`);
      }
    }
  });

  it('feedparser reads every feed without complaint (bozo 0) and finds its items', () => {
    const paths = feedPaths();
    const verdicts = feedparserVerdicts(paths.map((p) => documents.get(p)!));
    for (const [i, verdict] of verdicts.entries()) {
      assert.equal(verdict.bozo, 0, `${paths[i]}: ${verdict.reason}`);
      assert.ok(verdict.entries > 0, `${paths[i]} has entries`);
    }
  });

  it('RSS: titles, names and categories arrive as the same characters; HTML fields hold only safe markup', () => {
    const channel = elementsNamed(parseStrictXml(documents.get('/feed/')!), 'channel')[0]!;
    assert.equal(childText(channel, 'title'), SITE_TITLE);
    assert.equal(childText(channel, 'description'), TAGLINE);
    const item = elementsNamed(channel, 'item').find((i) => childText(i, 'link') === postUrl);
    assert.ok(item, 'the hostile post is in /feed/');
    assert.equal(childText(item, 'title'), TITLE);
    assert.equal(childText(item, 'dc:creator'), AUTHOR);
    assert.deepEqual(
      elementsNamed(item, 'category')
        .map((c) => c.text)
        .sort(),
      [CATEGORY, TAG].sort(),
    );
    // The excerpt is plain text: in <description>, which readers take as HTML, it shows as typed.
    const description = childText(item, 'description');
    assert.deepEqual(unsafeMarkup(description), []);
    assert.equal(shownText(description), EXCERPT);
    const content = childText(item, 'content:encoded');
    assert.deepEqual(unsafeMarkup(content), []);
    assert.match(shownText(content), BODY_SHOWN);
    assert.ok(shownText(content).includes(`Source: ${SOURCE}`), shownText(content));
  });

  it('Atom: text constructs carry the same characters, html content only safe markup', () => {
    const feed = parseStrictXml(documents.get('/feed/atom/')!);
    assert.equal(childText(feed, 'title'), SITE_TITLE);
    assert.equal(childText(feed, 'subtitle'), TAGLINE);
    const entry = elementsNamed(feed, 'entry').find((e) => childText(e, 'id') === postUrl);
    assert.ok(entry, 'the hostile post is in /feed/atom/');
    assert.equal(childText(entry, 'title'), TITLE);
    assert.equal(childText(elementsNamed(entry, 'author')[0]!, 'name'), AUTHOR);
    assert.equal(childText(entry, 'summary'), EXCERPT);
    assert.deepEqual(
      elementsNamed(entry, 'category')
        .map((c) => c.attributes.term)
        .sort(),
      [CATEGORY, TAG].sort(),
    );
    const content = childText(entry, 'content');
    assert.deepEqual(unsafeMarkup(content), []);
    assert.match(shownText(content), BODY_SHOWN);
  });

  it('comment feeds: a comment or a name that looks like markup or an entity is shown as typed, never live', () => {
    for (const path of ['/comments/feed/', new URL(`${postUrl}feed/`).pathname]) {
      const items = elementsNamed(parseStrictXml(documents.get(path)!), 'item');
      for (const [i, text] of LOOKALIKES.entries()) {
        const item = items.find((it) => shownText(childText(it, 'content:encoded')).trim() === `${i}: ${text}`);
        assert.ok(item, `${path}: comment ${i} is there, shown as typed`);
        assert.deepEqual(unsafeMarkup(childText(item, 'content:encoded')), [], `${path} comment ${i}`);
        assert.deepEqual(unsafeMarkup(childText(item, 'description')), [], `${path} comment ${i}`);
        assert.equal(childText(item, 'dc:creator'), text);
        assert.equal(childText(item, 'title'), path === '/comments/feed/' ? `Comment on ${TITLE} by ${text}` : `By: ${text}`);
      }
    }
  });

  it('archive feeds carry the same titles', () => {
    for (const path of feedPaths().filter((p) => /^\/(category|tag|source|author)\//.test(p))) {
      const titles = elementsNamed(parseStrictXml(documents.get(path)!), 'item').map((i) => childText(i, 'title'));
      assert.ok(titles.includes(TITLE), `${path}: ${titles.join(' / ')}`);
    }
  });

  it('the Google News sitemap names the site and the article as typed', () => {
    const root: XmlNode = parseStrictXml(documents.get('/news-sitemap.xml')!);
    const titles = elementsNamed(root, 'news:title').map((t) => t.text);
    assert.ok(titles.includes(TITLE), titles.join(' / '));
    assert.ok(elementsNamed(root, 'news:name').every((n) => n.text === SITE_TITLE));
  });

  it('JSON Feed: the same titles, and content_html holds only safe markup', async () => {
    const json = (await (await fetch(`${server.url}/feed/json/`)).json()) as {
      title: string;
      items: Array<{ url: string; title: string; summary?: string; content_html: string }>;
    };
    assert.equal(json.title, SITE_TITLE);
    const item = json.items.find((i) => i.url === postUrl);
    assert.ok(item);
    assert.equal(item.title, TITLE);
    assert.equal(item.summary, EXCERPT);
    assert.deepEqual(unsafeMarkup(item.content_html), []);
  });
});

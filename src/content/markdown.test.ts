import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import { bodyPhotoIds, excerptOf, markdownToText, renderMarkdown, sanitizeArticleHtml } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders paragraphs, emphasis and links', () => {
    assert.equal(renderMarkdown('Hello *world*, [IZ](https://iz.ru/).'), '<p>Hello <em>world</em>, <a href="https://iz.ru/">IZ</a>.</p>\n');
  });

  it('never lets an author’s script, handler or javascript: link through', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href="javascript:alert(2)">y</a>');
    assert.ok(!/<script/i.test(html), html);
    assert.ok(!/<img/i.test(html), html);
    assert.ok(!/<a[^>]*href="javascript:/i.test(html), html);
  });
});

describe('library photos in a body', () => {
  const photos = new Map([[7, { id: 7, version: 'abcdef012345', width: 1300, height: 866 }]]);

  it('shows ![alt](/media/7/) as a <picture> in AVIF, WebP and JPEG at every width made, with its size, and leaves other images as they are', () => {
    const source = 'Text\n\n![Flood "in" <town>](/media/7/ "Tuesday")\n\n![gone](/media/8/) ![elsewhere](https://x.example/a.jpg)';
    assert.deepEqual(bodyPhotoIds(source), [7, 8]);
    const html = renderMarkdown(source, photos);
    const page = parse(html);
    const picture = page.querySelector('picture');
    assert.ok(picture, html);
    const [avif, webp] = picture.querySelectorAll('source');
    assert.equal(avif?.getAttribute('type'), 'image/avif');
    assert.equal(webp?.getAttribute('type'), 'image/webp');
    assert.match(avif?.getAttribute('srcset') ?? '', /^\/media\/7-abcdef012345\/320\.avif 320w, .*\/media\/7-abcdef012345\/1300\.avif 1300w$/);
    const img = picture.querySelector('img');
    assert.equal(img?.getAttribute('src'), '/media/7-abcdef012345/1024.jpg');
    assert.match(img?.getAttribute('srcset') ?? '', /\/media\/7-abcdef012345\/640\.jpg 640w/);
    assert.equal(img?.getAttribute('sizes'), '(min-width: 60rem) 40rem, 100vw');
    assert.deepEqual([img?.getAttribute('width'), img?.getAttribute('height')], ['1024', '682']);
    assert.equal(img?.getAttribute('alt'), 'Flood "in" <town>');
    assert.equal(img?.getAttribute('title'), 'Tuesday');
    assert.equal(img?.getAttribute('loading'), 'lazy');
    assert.ok(!html.includes('</source>'), 'source is a void element');
    assert.equal(page.querySelectorAll('picture').length, 1, 'a photo not in the library stays a plain image');
    assert.match(html, /<img src="\/media\/8\/" alt="gone" \/>/);
    assert.match(html, /<img src="https:\/\/x\.example\/a\.jpg" alt="elsewhere" \/>/);
    assert.equal(renderMarkdown('![a](/media/7/)'), '<p><img src="/media/7/" alt="a" /></p>\n', 'without the photos, as before');
  });

  it('keeps srcset addresses in HTML from elsewhere to the schemes links may use, and no handlers', () => {
    const html = sanitizeArticleHtml(
      '<picture><source srcset="javascript:alert(1) 1x, /a.jpg 2x" onerror="x"><img src="/a.jpg" srcset="javascript:alert(1) 2x" onload="y"></picture>',
    );
    assert.equal(html, '<picture><source srcset="/a.jpg 2x" /><img src="/a.jpg" /></picture>');
  });
});

describe('excerpts', () => {
  it('takes the text of the markdown, without markup', () => {
    assert.equal(markdownToText('# Title\n\nSome **bold** text with `code` and a [link](https://x.example).'), 'Title Some bold text with code and a link.');
  });

  it('cuts long text at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(100);
    const excerpt = excerptOf(text, 50);
    assert.ok(excerpt.length <= 50, excerpt);
    assert.ok(excerpt.endsWith('word…'), excerpt);
    assert.equal(excerptOf('short', 50), 'short');
  });
});

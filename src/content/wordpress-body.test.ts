import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToMarkdown, htmlToPlainText } from './html-to-markdown.ts';
import { renderMarkdown } from './markdown.ts';
import { autoParagraphs, cleanWordpressBody, expandShortcodes, takeSourceLine } from './wordpress-body.ts';

describe('WordPress bodies', () => {
  it('expands the common shortcodes and leaves others as text', () => {
    assert.equal(
      expandShortcodes('[caption id="a" width="300"]<img src="https://x.example/a.jpg" alt="A"> A lake[/caption]'),
      '<figure><img src="https://x.example/a.jpg" alt="A"><figcaption>A lake</figcaption></figure>',
    );
    assert.equal(
      expandShortcodes('[gallery ids="1,2"]', new Map([['2', { url: 'https://x.example/b.jpg', title: 'B' }]])),
      '<figure><img src="https://x.example/b.jpg" alt="B"></figure>',
    );
    assert.equal(expandShortcodes('[audio mp3="javascript:alert(1)"]'), '[audio mp3="javascript:alert(1)"]');
    assert.equal(expandShortcodes('[poll id="3"]'), '[poll id="3"]');
  });

  it('makes paragraphs as wpautop does, and takes the closing credit line off', () => {
    assert.equal(autoParagraphs('One\ntwo\n\nThree'), '<p>One<br>\ntwo</p>\n<p>Three</p>');
    assert.deepEqual(takeSourceLine('<p>Text</p>\n<p><b>Source:</b> IZ.</p>'), { html: '<p>Text</p>', sourceName: 'IZ' });
    assert.deepEqual(takeSourceLine('<p>Source: https://x.example/</p>'), { html: '<p>Source: https://x.example/</p>', sourceName: null });
    assert.equal(takeSourceLine('<p>Text</p><p>The Source: of it all was unclear, said the minister in a long sentence.</p>').sourceName, null);
  });

  it('writes Markdown that renders back to the same HTML, escaping what would be markup', () => {
    const html =
      '<h2>Head</h2>\n<p>A <strong>b</strong> *c* [d] &amp;copy; <a href="https://x.example/?a=1&amp;b=(2)">link</a></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<blockquote>\n<p>Quote</p>\n</blockquote>\n<p># not a heading<br />\n1. not a list</p>\n';
    const markdown = htmlToMarkdown(html);
    assert.equal(renderMarkdown(markdown), renderMarkdown(htmlToMarkdown(renderMarkdown(markdown))));
    assert.match(renderMarkdown(markdown), /\*c\* \[d\] &amp;copy;/);
    assert.match(renderMarkdown(markdown), /<p># not a heading<br \/>\n1. not a list<\/p>/);
    assert.equal(htmlToPlainText('Q&amp;A <b>now</b>'), 'Q&A now');
  });

  it('cleans a body end to end', () => {
    const cleaned = cleanWordpressBody('<!-- wp:paragraph --><p onclick="x()">Hi<script>bad()</script></p><!-- /wp:paragraph -->\n\nSource: RT');
    assert.deepEqual(cleaned, { markdown: 'Hi', sourceName: 'RT' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerptOf, markdownToText, renderMarkdown } from './markdown.ts';

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

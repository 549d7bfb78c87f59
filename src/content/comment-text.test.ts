import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkifyIt } from 'linkify-it';
import { countLinks, renderCommentText } from './comment-text.ts';

describe('renderCommentText', () => {
  it('keeps paragraphs and line breaks', () => {
    assert.equal(renderCommentText('First line\nsecond line\n\nNew paragraph'), '<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>');
  });

  it('treats CRLF like LF', () => {
    assert.equal(renderCommentText('a\r\nb\r\n\r\nc'), '<p>a<br>\nb</p>\n<p>c</p>');
  });

  it('escapes every markup character a reader types', () => {
    const html = renderCommentText('<script>alert(1)</script> & "quotes" \'single\' <b>bold</b>');
    assert.equal(html, '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;</p>');
  });

  it('turns web addresses into links that pass no ranking', () => {
    assert.equal(
      renderCommentText('See https://example.org/a?b=1&c=2 and www.example.com.'),
      '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">https://example.org/a?b=1&amp;c=2</a> and <a href="http://www.example.com" rel="nofollow ugc">www.example.com</a>.</p>',
    );
  });

  it('never links a script or data URL, and escapes it', () => {
    const html = renderCommentText('javascript:alert(1) data:text/html,<script>x</script>');
    assert.ok(!html.includes('<a '), html);
    assert.ok(!html.includes('<script>'), html);
  });

  it('does not break out of the href with a quote in a URL', () => {
    const html = renderCommentText('https://example.org/"onmouseover="alert(1)');
    assert.ok(!/href="[^"]*"onmouseover/.test(html), html);
    assert.ok(!html.includes('" onmouseover'), html);
  });

  it('leaves email addresses unlinked', () => {
    assert.equal(renderCommentText('mail me at a@example.org'), '<p>mail me at a@example.org</p>');
  });

  it('counts web links', () => {
    assert.equal(countLinks('no links here'), 0);
    assert.equal(countLinks('https://a.example and http://b.example/x and c.example.com'), 3);
  });

  it('finds every link the full matcher finds, whatever the text (the quick check before it hides none)', () => {
    const full = new LinkifyIt({ fuzzyEmail: false, fuzzyLink: true });
    const webOnly = (text: string) => (full.match(text) ?? []).filter((m) => /^https?:\/\//i.test(m.url)).length;
    const samples = [
      'no links here, only words. And sentences! Numbers: 3.5 and 1,000.',
      'example.com',
      'Visit Example.COM/path?q=1 today.',
      'see www.example.org',
      'WWW.EXAMPLE.ORG',
      'http://localhost:8080/x',
      'localhost:3000',
      'https://пример.рф/новости',
      'пример.рф',
      'news.bbc.co.uk/world',
      'a link at the end: https://a.example',
      '//protocol-relative.example/path',
      'ftp://files.example/x',
      'mailto:someone@example.com and someone@example.com',
      'http://192.168.0.1/admin and 10.0.0.1',
      'U.S. and e.g. and i.e. abbreviations',
      'ends with a dot.Then a capital',
      'xn--e1afmkfd.xn--p1ai',
      'https://example.com/a_(b)',
      '「https://example.jp/」',
      'tab\thttps://t.example\tend',
    ];
    for (const text of samples) assert.equal(countLinks(text), webOnly(text), text);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, type HTMLElement } from 'node-html-parser';
import { normalizeNewlines, renderCommentText } from '../src/content/comment-text.ts';
import { renderMarkdown } from '../src/content/markdown.ts';
import { isValidSlug, MAX_SLUG_LENGTH, slugify } from '../src/domain/slugs.ts';
import { parseCommentForm } from '../src/http/forms/comment-form.ts';
import { parsePostForm } from '../src/http/forms/post-form.ts';
import { parseSettingsForm } from '../src/http/forms/settings-form.ts';
import { messagesFor } from '../src/i18n/messages.ts';

/** Enough runs to find the classic mistakes, few enough to keep the suite quick. */
const RUNS = { numRuns: 300 };

/** Pieces attackers use, mixed with ordinary text, so generated inputs hit the sanitizers' edges. */
const HOSTILE_PIECES = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '[link](javascript:alert(1))',
  '[link](JaVaScRiPt:alert(1))',
  '![img](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x"></object>',
  '<style>body{display:none}</style>',
  '<div style="background:url(javascript:alert(1))">',
  '<a href="data:text/html,<script>alert(1)</script>">d</a>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '"><script>alert(1)</script>',
  "'-alert(1)-'",
  '<!--',
  '-->',
  ']]>',
  '&lt;script&gt;',
  'https://example.org/path?a=1&b=<2>',
  'http://x.example/"onmouseover="alert(1)',
  '\n\n',
  '\r\n',
  '\u0000',
  '\u202e',
  'Привет',
  '**bold** _it_',
  '> quote',
  '`code <b>`',
  ' ',
];

const hostileText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 20 })), { maxLength: 12 }).map((parts) => parts.join(''));

const DANGEROUS_ELEMENTS = new Set(['script', 'iframe', 'object', 'embed', 'style', 'svg', 'math', 'form', 'input', 'base', 'link', 'meta']);

function allElements(root: HTMLElement): HTMLElement[] {
  return root.querySelectorAll('*');
}

/** A URL scheme as a browser reads it: control characters and whitespace dropped, case folded. */
function schemeOf(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these before reading a scheme
  const cleaned = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1] ?? '';
}

function assertHarmless(html: string): void {
  const root = parse(html);
  for (const el of allElements(root)) {
    const tag = el.tagName.toLowerCase();
    assert.ok(!DANGEROUS_ELEMENTS.has(tag), `<${tag}> in ${html}`);
    for (const [name, value] of Object.entries(el.attributes)) {
      assert.ok(!/^on/i.test(name), `event handler ${name} in ${html}`);
      assert.notEqual(name.toLowerCase(), 'style', `style attribute in ${html}`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(name.toLowerCase())) {
        assert.ok(['', 'http', 'https', 'mailto'].includes(schemeOf(value)), `${name}="${value}" in ${html}`);
      }
    }
  }
}

describe('properties, over generated hostile input (fast-check)', () => {
  it('comment text: only paragraphs, line breaks and nofollow http(s) links come out, and no text is lost', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const html = String(renderCommentText(input));
        const root = parse(html);
        for (const el of allElements(root)) {
          assert.ok(['p', 'br', 'a'].includes(el.tagName.toLowerCase()), `<${el.tagName}> from ${JSON.stringify(input)}`);
          if (el.tagName.toLowerCase() === 'a') {
            assert.ok(['http', 'https'].includes(schemeOf(el.getAttribute('href') ?? '')), html);
            assert.equal(el.getAttribute('rel'), 'nofollow ugc');
          }
        }
        assertHarmless(html);
        // Every visible character the reader typed is still there, in order.
        const shown = root.textContent.replace(/\s+/g, '');
        const typed = normalizeNewlines(input).replace(/\s+/g, '');
        assert.equal(shown, typed);
      }),
      RUNS,
    );
  });

  it('Markdown bodies: no script, frame, plugin, style, event handler or javascript:/data: link survives the sanitizer', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        assertHarmless(String(renderMarkdown(input)));
      }),
      RUNS,
    );
  });

  it('slugs: always valid (or empty), at most the limit, and the same when made again from themselves', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ maxLength: 400 })), (title) => {
        const slug = slugify(title);
        assert.ok(slug === '' || isValidSlug(slug), JSON.stringify(slug));
        assert.ok(slug.length <= MAX_SLUG_LENGTH);
        assert.equal(slugify(slug), slug);
      }),
      RUNS,
    );
  });

  const formFields = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'comment',
        'author',
        'email',
        'url',
        'comment_parent',
        'title',
        'slug',
        'body',
        'tags',
        'categories',
        'label',
        'publish_at',
        'source_0_name',
        'source_0_url',
        'postsPerPage',
        'timezone',
        'maxLinks',
        '__proto__',
        'constructor',
        'prototype',
        'toString',
      ),
      fc.string({ maxLength: 8 }),
    ),
    hostileText,
    { maxKeys: 12 },
  );

  it('form parsers never throw, whatever the fields, and keep what was typed', () => {
    fc.assert(
      fc.property(formFields, (raw) => {
        // Form bodies arrive as plain records; a "__proto__" field must stay a field.
        const fields: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, raw);
        const comment = parseCommentForm(fields);
        assert.equal(comment.values.comment, fields.comment ?? '');
        assert.equal(comment.values.author, fields.author ?? '');
        const post = parsePostForm(fields);
        assert.equal(post.values.title, (fields.title ?? '').replace(/\r\n?/g, '\n'));
        assert.equal(post.values.body, (fields.body ?? '').replace(/\r\n?/g, '\n'));
        const settings = parseSettingsForm(fields, messagesFor('ru'));
        assert.equal(settings.values.title, fields.title ?? '');
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
      }),
      RUNS,
    );
  });
});

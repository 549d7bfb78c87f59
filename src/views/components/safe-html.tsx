import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { SafeHtml } from '../../domain/safe-html.ts';

/** The one place that writes HTML into a page unescaped: sanitized HTML, and pieces its own JSX rendered (RenderedOnce). */
export function SafeHtmlBlock({ html, class: className, dir }: { html: SafeHtml; class?: string; dir?: 'auto' }) {
  return (
    <div class={className} dir={dir}>
      {raw(html)}
    </div>
  );
}

/** Most pieces a RenderedOnce keeps; the least recently shown go first. */
const RENDERED_PIECES_KEPT = 2_000;

/**
 * Pieces of pages already rendered by this process's JSX (and escaped by it), by a key that
 * names everything they show: the same key always gives the same bytes, so a kept piece is
 * never out of date, only unused.
 */
const renderedPieces = new Map<string, string>();

/**
 * Renders a piece of a page once per distinct content and writes out the same HTML again after
 * that. Each comment of a thread took about 10 µs of JSX at every render of its article (100
 * comments: a quarter of an uncached article's time), and an article is rendered again at
 * every approved comment. `content` must name every value the piece shows; the piece
 * must not contain async components.
 */
export function RenderedOnce({ content, render }: { content: string; render: () => Child }) {
  let html = renderedPieces.get(content);
  if (html === undefined) {
    // A JSX element renders itself by toString(): to a string, or to a promise when a part is async.
    const element: unknown = render();
    const rendered: unknown = typeof element === 'object' && element !== null ? element.toString() : element;
    if (typeof rendered !== 'string') throw new Error('RenderedOnce renders synchronous pieces only');
    html = rendered;
    if (renderedPieces.size >= RENDERED_PIECES_KEPT) renderedPieces.delete(renderedPieces.keys().next().value!);
  } else {
    renderedPieces.delete(content);
  }
  renderedPieces.set(content, html);
  return raw(html);
}

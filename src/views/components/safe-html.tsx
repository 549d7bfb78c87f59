import { raw } from 'hono/html';
import type { SafeHtml } from '../../domain/safe-html.ts';

/** The one place that writes HTML into a page unescaped, and it only takes sanitized HTML. */
export function SafeHtmlBlock({ html, class: className }: { html: SafeHtml; class?: string }) {
  return <div class={className}>{raw(html)}</div>;
}

import { HtmlValidate } from 'html-validate';
import { parse, type HTMLElement } from 'node-html-parser';

export type { HTMLElement };

/** A page's DOM, for asserting on what a reader sees rather than on strings. */
export async function pageOf(response: Response): Promise<HTMLElement> {
  return parse(await response.text());
}

export function textOf(element: HTMLElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Valid HTML5 by html-validate's standard rules. Hono writes void elements as `<meta/>`,
 * which HTML5 allows, so the style rule about that is off; subresource integrity is required
 * only where it protects something, on resources from other origins.
 */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:document', 'html-validate:a11y'],
  rules: { 'void-style': 'off', 'require-sri': ['error', { target: 'crossorigin' }] },
});

/** What html-validate finds wrong with a page, one line each; empty for a valid page. */
export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message}`));
}

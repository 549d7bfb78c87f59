import { parse, type HTMLElement } from 'node-html-parser';

export type { HTMLElement };

/** A page's DOM, for asserting on what a reader sees rather than on strings. */
export async function pageOf(response: Response): Promise<HTMLElement> {
  return parse(await response.text());
}

export function textOf(element: HTMLElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

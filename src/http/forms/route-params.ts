import { z } from 'zod';
import { dayRange, type Permalink } from '../../domain/posts.ts';
import { isValidSlug } from '../../domain/slugs.ts';

const PageNumber = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);

/** "/page/N/" numbers: 2 and up (page 1 is the list's own address); undefined for anything else. */
export function parsePageNumber(value: string | undefined): number | undefined {
  if (value === undefined) return 1;
  const parsed = PageNumber.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The parts of /YYYY/MM/DD/slug/, or undefined when they cannot name a post. */
export function parsePermalink(params: { year?: string; month?: string; day?: string; slug?: string }): Permalink | undefined {
  const { year, month, day, slug } = params;
  if (!year || !month || !day || slug === undefined) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    return undefined;
  }
  const permalink = { year: Number(year), month: Number(month), day: Number(day), slug: decoded.normalize('NFC') };
  if (!dayRange(permalink) || !isValidSlug(permalink.slug)) return undefined;
  return permalink;
}

/**
 * A stored row's id as a path or query carries it (/admin/posts/12/, ?replytocom=12): 1 and up,
 * digits only; undefined for anything else, which callers answer as not found.
 */
export function parseId(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

import { z } from 'zod';
import type { CommentSubmission } from '../../services/comments.ts';
import type { CommentFormValues } from '../../views/components/comment-form.tsx';
import { hasControlCharacters } from './form-text.ts';

/** WordPress's column sizes, so a comment that fits there fits here. */
export const COMMENT_LIMITS = { comment: 65_525, author: 245, email: 100, url: 200 } as const;

function text(label: string, max: number, required: boolean) {
  let s = z
    .string()
    .trim()
    .max(max, `${label} can be at most ${max.toLocaleString('en')} characters long.`)
    .refine((v) => !hasControlCharacters(v), `${label} contains characters that cannot be saved; please remove them.`);
  if (required) s = s.refine((v) => v.length > 0, `Please enter your ${label.toLowerCase()}.`);
  return s;
}

/** A website address as readers type it: "example.org" means http://example.org, as in WordPress. */
const websiteUrl = text('Website', COMMENT_LIMITS.url, false).transform((value, ctx) => {
  if (value === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Please enter a web address such as https://example.org, or leave Website empty.' });
    return z.NEVER;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) {
    ctx.addIssue({ code: 'custom', message: 'Please enter a web address such as https://example.org, or leave Website empty.' });
    return z.NEVER;
  }
  return url.href;
});

export const CommentFormSchema = z.object({
  comment: z
    .string()
    .default('')
    .pipe(
      z
        .string()
        .max(COMMENT_LIMITS.comment, `Your comment can be at most ${COMMENT_LIMITS.comment.toLocaleString('en')} characters long.`)
        .refine((v) => v.trim().length > 0, 'Please type your comment.')
        .refine((v) => !hasControlCharacters(v), 'Your comment contains characters that cannot be saved; please remove them.'),
    ),
  author: z
    .string()
    .default('')
    .pipe(text('Name', COMMENT_LIMITS.author, true)),
  email: z
    .string()
    .default('')
    .pipe(text('Email', COMMENT_LIMITS.email, true))
    .pipe(z.string().refine((v) => v === '' || z.email().safeParse(v).success, 'Please enter a valid email address, such as name@example.org.'))
    .transform((v) => v.toLowerCase()),
  url: z.string().default('').pipe(websiteUrl),
  comment_parent: z
    .string()
    .default('0')
    .pipe(z.string().regex(/^\d{1,15}$/, 'The comment you are replying to is not valid.'))
    .transform((v) => (Number(v) === 0 ? null : Number(v))),
});

export type CommentFormResult =
  | { ok: true; submission: CommentSubmission; values: CommentFormValues }
  | { ok: false; errors: Record<string, string>; values: CommentFormValues; parentId: number | null };

/** Checks a submitted reply; on failure returns every message by field and the text as the reader typed it. */
export function parseCommentForm(fields: Record<string, string>): CommentFormResult {
  const values: CommentFormValues = {
    comment: fields.comment ?? '',
    author: fields.author ?? '',
    email: fields.email ?? '',
    url: fields.url ?? '',
    remember: fields['wp-comment-cookies-consent'] === 'yes',
    subscribeComments: fields.subscribe_comments === 'yes',
    subscribePosts: fields.subscribe_posts === 'yes',
  };
  const parsed = CommentFormSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      errors[field] ??= issue.message;
    }
    const parent = Number(fields.comment_parent ?? '0');
    return { ok: false, errors, values, parentId: Number.isSafeInteger(parent) && parent > 0 ? parent : null };
  }
  const d = parsed.data;
  return {
    ok: true,
    values,
    submission: {
      body: d.comment,
      authorName: d.author,
      authorEmail: d.email,
      authorUrl: d.url,
      parentId: d.comment_parent,
      subscribe: { comments: values.subscribeComments, posts: values.subscribePosts },
    },
  };
}

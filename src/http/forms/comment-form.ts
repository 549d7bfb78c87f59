import { z } from 'zod';
import type { CommentSubmission } from '../../services/comments.ts';
import type { CommentFormValues } from '../../views/components/comment-form.tsx';
import { messagesFor, REFERENCE_LANGUAGE, type Messages } from '../../i18n/messages.ts';
import { hasControlCharacters } from './form-text.ts';

/** WordPress's column sizes, so a comment that fits there fits here. */
export const COMMENT_LIMITS = { comment: 65_525, author: 245, email: 100, url: 200 } as const;

type Field = 'name' | 'email' | 'website';

/** A text field's messages, in the reader's language. */
function text(messages: Messages, field: Field, max: number, required: boolean) {
  const { t } = messages;
  let s = z
    .string()
    .trim()
    .max(max, t(`commentError.${field}TooLong`, { max }))
    .refine((v) => !hasControlCharacters(v), t(`commentError.${field}Control`));
  if (required) s = s.refine((v) => v.length > 0, field === 'name' ? t('commentError.nameRequired') : t('commentError.emailRequired'));
  return s;
}

/** A website address as readers type it: "example.org" means http://example.org, as in WordPress. */
function websiteUrl(messages: Messages) {
  const invalid = messages.t('commentError.websiteInvalid');
  return text(messages, 'website', COMMENT_LIMITS.url, false).transform((value, ctx) => {
    if (value === '') return null;
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `http://${value}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      ctx.addIssue({ code: 'custom', message: invalid });
      return z.NEVER;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) {
      ctx.addIssue({ code: 'custom', message: invalid });
      return z.NEVER;
    }
    return url.href;
  });
}

function commentFormSchema(messages: Messages) {
  const { t } = messages;
  return z.object({
    comment: z
      .string()
      .default('')
      .pipe(
        z
          .string()
          .max(COMMENT_LIMITS.comment, t('commentError.commentTooLong', { max: COMMENT_LIMITS.comment }))
          .refine((v) => v.trim().length > 0, t('commentError.commentRequired'))
          .refine((v) => !hasControlCharacters(v), t('commentError.commentControl')),
      ),
    author: z
      .string()
      .default('')
      .pipe(text(messages, 'name', COMMENT_LIMITS.author, true)),
    email: z
      .string()
      .default('')
      .pipe(text(messages, 'email', COMMENT_LIMITS.email, true))
      .pipe(z.string().refine((v) => v === '' || z.email().safeParse(v).success, t('commentError.emailInvalid')))
      .transform((v) => v.toLowerCase()),
    url: z.string().default('').pipe(websiteUrl(messages)),
    comment_parent: z
      .string()
      .default('0')
      .pipe(z.string().regex(/^\d{1,15}$/, t('commentError.parentInvalid')))
      .transform((v) => (Number(v) === 0 ? null : Number(v))),
  });
}

/** The form's schema in each language, made once per language: its messages are fixed when it is built. */
const SCHEMAS = new Map<string, ReturnType<typeof commentFormSchema>>();

function schemaFor(messages: Messages): ReturnType<typeof commentFormSchema> {
  let schema = SCHEMAS.get(messages.language);
  if (schema === undefined) {
    schema = commentFormSchema(messages);
    SCHEMAS.set(messages.language, schema);
  }
  return schema;
}

/** The reply form's schema with English messages (the admin's forms use its fields). */
export const CommentFormSchema = schemaFor(messagesFor(REFERENCE_LANGUAGE));

export type CommentFormResult =
  | { ok: true; submission: CommentSubmission; values: CommentFormValues }
  | { ok: false; errors: Record<string, string>; values: CommentFormValues; parentId: number | null };

/** Checks a submitted reply; on failure returns every message by field (in the language given, English by default) and the text as the reader typed it. */
export function parseCommentForm(fields: Record<string, string>, messages: Messages = messagesFor(REFERENCE_LANGUAGE)): CommentFormResult {
  const values: CommentFormValues = {
    comment: fields.comment ?? '',
    author: fields.author ?? '',
    email: fields.email ?? '',
    url: fields.url ?? '',
    remember: fields['wp-comment-cookies-consent'] === 'yes',
    subscribeComments: fields.subscribe_comments === 'yes',
    subscribePosts: fields.subscribe_posts === 'yes',
  };
  const parsed = schemaFor(messages).safeParse(fields);
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

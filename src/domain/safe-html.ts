declare const safeHtmlBrand: unique symbol;

/**
 * HTML that has been sanitized (or built by escaping) and may be written into a page as is.
 * Only content/ creates it; only views/components/safe-html.tsx writes it out raw.
 */
export type SafeHtml = string & { readonly [safeHtmlBrand]: true };

/** For content/ modules and for storage, which reads back HTML that was sanitized on write. */
export function trustSanitizedHtml(html: string): SafeHtml {
  return html as SafeHtml;
}

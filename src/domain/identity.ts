/** What makes a site recognisably itself beyond its title: its colour, its footer, its profiles elsewhere, its logo and icon. */
export interface SiteIdentity {
  /** "#rrggbb", or null for the stylesheet's own. */
  accentColor: string | null;
  /** A line or two under every page: who publishes the site, a licence, an address. */
  footerText: string;
  /** The newsroom's profiles on other sites (http or https), as the Organization's sameAs in JSON-LD. */
  socialLinks: string[];
}

export const DEFAULT_IDENTITY: SiteIdentity = { accentColor: null, footerText: '', socialLinks: [] };

/** The page background the accent colour is read against (site.css, --bg, light scheme). */
export const PAGE_BACKGROUND = '#fdfcfa';
/** WCAG 2.1 AA for normal text (success criterion 1.4.3). */
export const MIN_CONTRAST = 4.5;
/** The accent site.css uses when none is chosen (its --accent): the standard red. */
export const DEFAULT_ACCENT = '#a3171c';
/** More profiles than any newsroom keeps; each becomes a link in every page's footer. */
export const MAX_SOCIAL_LINKS = 10;
export const MAX_FOOTER_TEXT = 500;
export const MAX_LINK_LENGTH = 500;

/** "#abc" or "#aabbcc", any case, as "#aabbcc"; undefined for anything else. */
export function parseHexColor(input: string): string | undefined {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!m) return undefined;
  const hex = m[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/** Relative luminance of an sRGB colour "#rrggbb" (WCAG 2.1, definition of relative luminance). */
function luminance(color: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Contrast ratio of two colours, from 1 to 21 (WCAG 2.1, definition of contrast ratio). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Whether an accent colour can carry text both ways it is used: as text on the page's
 * background (section labels, kickers), and behind white text. Both must reach WCAG AA.
 */
export function accentContrast(color: string): { onBackground: number; withWhiteText: number; ok: boolean } {
  const onBackground = contrastRatio(color, PAGE_BACKGROUND);
  const withWhiteText = contrastRatio(color, '#ffffff');
  return { onBackground, withWhiteText, ok: onBackground >= MIN_CONTRAST && withWhiteText >= MIN_CONTRAST };
}

/** A link a reader may follow: http or https with a host, and nothing that would hide where it goes. */
export function parseProfileLink(input: string): string | undefined {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_LINK_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) return undefined;
  return url.href;
}

/** The name of a profile's site, for the link's text ("x.com", "t.me"): the host without "www.". */
export function profileSiteName(link: string): string {
  return new URL(link).hostname.replace(/^www\./, '');
}

/** Sizes of the square icon made from the uploaded one: favicons, the Apple touch icon, and the web app manifest's two. */
export const ICON_SIZES = [16, 32, 180, 192, 512] as const;
/** Sizes inside favicon.ico: what Windows and old browsers pick from. */
export const FAVICON_ICO_SIZES = [16, 32, 48] as const;

import type { SourceRole } from '../domain/sources.ts';
import type { PostLabel, TermKind } from '../domain/terms.ts';

/**
 * The content a new site starts with: the demo article (from the project's demo page, with
 * its sources as the page credits and cites them) and a welcome post for the operator.
 */
export interface DemoSource {
  slug: string;
  name: string;
  fullName: string | null;
  homepageUrl: string;
  role: SourceRole;
  language: string;
}

export interface DemoPost {
  slug: string;
  title: string;
  bodyMarkdown: string;
  /** undefined: dated when the site first starts. */
  publishedAt: Date | undefined;
  sources: DemoSource[];
  label: PostLabel | null;
  /** Categories and tags, in the order they are shown. */
  terms: Array<{ kind: TermKind; slug: string; name: string }>;
}

export const DEMO_AUTHOR = { slug: 'newsroom', displayName: 'Newsroom' };

/** Noon UTC keeps the date 15 February in every time zone from UTC-11 to UTC+11. */
const DEMO_ARTICLE_PUBLISHED_AT = new Date('2022-02-15T12:00:00.000Z');

export const DEMO_ARTICLE: DemoPost = {
  slug: 'lavrov-pointed-out-to-blinken-the-inadmissibility-of-the-aggressive-rhetoric-of-the-united-states',
  title: 'Lavrov pointed out to Blinken the inadmissibility of the aggressive rhetoric of the United States',
  bodyMarkdown:
    'Russian Foreign Minister Sergei Lavrov stressed in a conversation with US Secretary of State Anthony Blinken the need to continue working together, as agreed by Russian and US Presidents Vladimir Putin and Joe Biden in a conversation on February 12. The Ministry of Foreign Affairs of the Russian Federation reports this on Telegram.\n\n\u201cLavrov emphasized the inadmissibility of aggressive rhetoric whipped up by Washington and its closest allies, calling for a pragmatic dialogue on the entire range of issues raised by Russia, with an emphasis on the principle of the indivisibility of security,\u201d the agency said on February 15.\n\nThe Russian Foreign Ministry added that the heads of foreign affairs agencies discussed a schedule of upcoming contacts at various levels.\n\nThe conversation between Blinken and Lavrov took place on an American initiative, RT reports.\n\nEarlier on Tuesday, Lavrov said Russia was seeing no progress in talks with the US and NATO on security guarantees. He recalled that Russia sent messages to the foreign ministers of European countries asking them to clarify how they understand a set of obligations called the principle of indivisibility of security.\n\nHe also said that Russia would soon publish its response to the US and NATO proposals on security guarantees, Zvezda TV channel reported.\n\nOn February 14, Putin and Lavrov discussed US and NATO responses on security assurances. The head of state conceptually approved the draft response of Russia, according to the website aif.ru.\n\nOn December 17, 2021, the Russian Foreign Ministry published draft agreements between Russia, the United States and NATO on security guarantees. It follows from the documents that the alliance must renounce any military activity on the territory of Ukraine and other states of Eastern Europe, Transcaucasia and Central Asia. Also, Russia and NATO must pledge not to create conditions that can be regarded as a threat by the other side.\n\nNegotiations on security guarantees were held in three stages in January. On January 10, a meeting of the Russian and US delegations took place in Geneva. On January 12, a meeting of the Russia-NATO Council was held in Brussels, and on January 13, consultations ended at the Vienna site of the Organization for Security and Cooperation in Europe.\n\nOn January 26, NATO Secretary General Jens Stoltenberg announced that Russia had received a written response to proposals for security guarantees. According to him, the alliance proposed to restore the diplomatic missions of the parties and the line of communication. In parallel, United States Ambassador John Sullivan handed over to Moscow a written response from Washington. US Secretary of State Anthony Blinken elaborated that the replies transmitted set out \u201ca serious diplomatic way forward.\u201d\n',
  publishedAt: DEMO_ARTICLE_PUBLISHED_AT,
  sources: [
    { slug: 'iz', name: 'IZ', fullName: 'Izvestia', homepageUrl: 'https://iz.ru/', role: 'original', language: 'ru' },
    {
      slug: 'russian-foreign-ministry',
      name: 'Russian Foreign Ministry',
      fullName: 'Ministry of Foreign Affairs of the Russian Federation (Telegram channel)',
      homepageUrl: 'https://t.me/MID_Russia',
      role: 'cited',
      language: 'ru',
    },
    { slug: 'rt', name: 'RT', fullName: null, homepageUrl: 'https://russian.rt.com/', role: 'cited', language: 'ru' },
    { slug: 'zvezda-tv', name: 'Zvezda TV', fullName: null, homepageUrl: 'https://tvzvezda.ru/', role: 'cited', language: 'ru' },
    { slug: 'aif-ru', name: 'aif.ru', fullName: 'Argumenty i Fakty', homepageUrl: 'https://aif.ru/', role: 'cited', language: 'ru' },
  ],
  label: 'news',
  terms: [
    { kind: 'category', slug: 'world', name: 'World' },
    { kind: 'tag', slug: 'russia', name: 'Russia' },
    { kind: 'tag', slug: 'united-states', name: 'United States' },
    { kind: 'tag', slug: 'nato', name: 'NATO' },
    { kind: 'tag', slug: 'diplomacy', name: 'Diplomacy' },
  ],
};

export const WELCOME_POST: DemoPost = {
  slug: 'welcome-to-wirepress',
  title: 'Welcome to Wirepress',
  bodyMarkdown: `This site runs on Wirepress. This post was written when the site started for the first time, so that its lists hold more than one story. Keep it, or replace it with your own first post.

What to do next:

- **Read the demo article.** It shows how a story credits its sources: the credit line under the article names the outlet it is republished from, the other outlets it cites are listed below it, and every outlet has its own page listing the stories that draw on it.
- **Moderate the comments.** Anyone can reply to an article. A comment from someone who has no approved comment yet waits for a moderator. List the waiting comments with \`npm run wirepress -- comments list --status=pending\` and publish one with \`npm run wirepress -- comments approve <id>\` (or \`spam\`, \`trash\`).
- **Configure the site.** \`PORT\`, \`HOST\` and \`DATABASE_URL\` set where it listens and where it keeps its data; the README lists every setting.
- **Keep the data safe.** The whole site is one SQLite file under \`data/\`. Copy it while the site runs with \`npm run wirepress -- backup <file>\`.
`,
  publishedAt: undefined,
  sources: [],
  label: null,
  terms: [{ kind: 'category', slug: 'site-news', name: 'Site news' }],
};

export interface DemoPage {
  slug: string;
  title: string;
  bodyMarkdown: string;
}

/** The static pages a new site starts with, linked from the footer menu; the operator rewrites them. */
export const DEMO_PAGES: readonly DemoPage[] = [
  {
    slug: 'about',
    title: 'About',
    bodyMarkdown: `This site reports and republishes news, and says where every story comes from: the credit line under an article names the outlet it is taken from, and every outlet has its own page listing the stories that draw on it.

This page is a starting point. Tell readers who runs the site, who writes for it and how to reach the newsroom: edit it under **Pages** in the admin.
`,
  },
  {
    slug: 'corrections-policy',
    title: 'Corrections policy',
    bodyMarkdown: `When we get something wrong, we correct it openly. A correction is added to the article itself, dated, and says what was changed; the original wording is not silently rewritten.

If you see a mistake in one of our articles, leave a comment under it or write to the newsroom. Edit this page under **Pages** in the admin to give your newsroom's address.
`,
  },
];

/** The header menu of a new site: the demo's categories. The footer menu links every demo page. */
export const DEMO_HEADER_CATEGORIES: readonly string[] = ['world', 'site-news'];

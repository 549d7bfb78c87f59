import { slugify } from '../domain/slugs.ts';
import type { SourceRole } from '../domain/sources.ts';
import type { PostLabel, TermKind } from '../domain/terms.ts';

/**
 * Invented news for large test sites (`npm run seed:big`): headlines, article bodies, outlets,
 * writers, categories, tags and readers' comments, made from word lists and sentence templates
 * by a seeded generator, so the same seed always gives the same site. Every outlet and person
 * is fictional; links point at example domains.
 */

/** A small, fast PRNG (mulberry32): deterministic, and good enough to vary invented text. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

const COUNTRIES = [
  'Albania',
  'Algeria',
  'Argentina',
  'Armenia',
  'Australia',
  'Austria',
  'Azerbaijan',
  'Bangladesh',
  'Belarus',
  'Belgium',
  'Bolivia',
  'Bosnia',
  'Brazil',
  'Bulgaria',
  'Cambodia',
  'Canada',
  'Chile',
  'China',
  'Colombia',
  'Croatia',
  'Cuba',
  'Cyprus',
  'Czechia',
  'Denmark',
  'Ecuador',
  'Egypt',
  'Estonia',
  'Ethiopia',
  'Finland',
  'France',
  'Georgia',
  'Germany',
  'Ghana',
  'Greece',
  'Hungary',
  'Iceland',
  'India',
  'Indonesia',
  'Iran',
  'Iraq',
  'Ireland',
  'Israel',
  'Italy',
  'Japan',
  'Jordan',
  'Kazakhstan',
  'Kenya',
  'Kosovo',
  'Kuwait',
  'Kyrgyzstan',
  'Latvia',
  'Lebanon',
  'Libya',
  'Lithuania',
  'Luxembourg',
  'Malaysia',
  'Mali',
  'Malta',
  'Mexico',
  'Moldova',
  'Mongolia',
  'Montenegro',
  'Morocco',
  'Nepal',
  'Netherlands',
  'New Zealand',
  'Niger',
  'Nigeria',
  'North Macedonia',
  'Norway',
  'Oman',
  'Pakistan',
  'Panama',
  'Peru',
  'Philippines',
  'Poland',
  'Portugal',
  'Qatar',
  'Romania',
  'Russia',
  'Rwanda',
  'Saudi Arabia',
  'Senegal',
  'Serbia',
  'Singapore',
  'Slovakia',
  'Slovenia',
  'South Africa',
  'South Korea',
  'Spain',
  'Sri Lanka',
  'Sudan',
  'Sweden',
  'Switzerland',
  'Syria',
  'Taiwan',
  'Tajikistan',
  'Tanzania',
  'Thailand',
  'Tunisia',
  'Turkey',
  'Uganda',
  'Ukraine',
  'United Kingdom',
  'United States',
  'Uruguay',
  'Uzbekistan',
  'Venezuela',
  'Vietnam',
  'Zambia',
] as const;

const ORGANISATIONS = [
  'NATO',
  'the European Union',
  'the United Nations',
  'the African Union',
  'the OSCE',
  'the IMF',
  'the World Bank',
  'the G20',
  'OPEC',
  'the WHO',
  'the Council of Europe',
  'ASEAN',
  'the Arab League',
  'the WTO',
] as const;

const INSTITUTIONS = [
  'Parliament',
  'The government',
  'The central bank',
  'The foreign ministry',
  'The defence ministry',
  'The supreme court',
  'The opposition',
  'The prime minister',
  'The president',
  'The finance ministry',
  'The electoral commission',
  'Trade unions',
  'The health ministry',
  'Regional authorities',
  'The energy regulator',
  'The city council',
] as const;

const VERBS = [
  'approves',
  'rejects',
  'delays',
  'debates',
  'backs',
  'criticises',
  'unveils',
  'suspends',
  'extends',
  'reviews',
  'signs',
  'questions',
  'defends',
  'announces',
  'scraps',
  'revises',
  'welcomes',
  'condemns',
  'proposes',
  'postpones',
] as const;

const PAST_VERBS = ['approved', 'rejected', 'delayed', 'backed', 'criticised', 'reviewed', 'welcomed', 'condemned', 'questioned'] as const;

const OBJECTS = [
  'budget plan',
  'security pact',
  'energy deal',
  'trade agreement',
  'pension reform',
  'tax overhaul',
  'border accord',
  'climate target',
  'election timetable',
  'aid package',
  'grain export deal',
  'arms contract',
  'sanctions package',
  'rail project',
  'media law',
  'health reform',
  'housing programme',
  'interest rate rise',
  'gas pipeline plan',
  'ceasefire proposal',
  'fishing quota',
  'digital services law',
  'nuclear talks',
  'wage agreement',
  'privacy rules',
] as const;

const CIRCUMSTANCES = [
  'amid protests',
  'after late-night talks',
  'despite warnings',
  'as talks stall',
  'ahead of summit',
  'under pressure from allies',
  'as prices climb',
  'after court ruling',
  'in surprise move',
  'as deadline nears',
  'following weeks of debate',
  'as inflation eases',
  'after diplomatic row',
  'in first test for new cabinet',
  'as markets wobble',
] as const;

const NOUNS = [
  'officials',
  'ministers',
  'analysts',
  'diplomats',
  'lawmakers',
  'economists',
  'residents',
  'investors',
  'negotiators',
  'observers',
  'spokespeople',
  'regulators',
  'union leaders',
  'local officials',
  'business groups',
] as const;

const REPORTING_VERBS = ['said', 'told reporters', 'wrote on social media', 'said in a statement', 'told a news conference', 'confirmed'] as const;

const CLAUSES = [
  'the talks would resume next week',
  'no agreement had been reached on the central question',
  'the measures would take effect at the start of next month',
  'the decision reflected months of consultations with partners',
  'further details would be published in the coming days',
  'the previous proposal had left too many questions open',
  'the cost of the plan had been underestimated',
  'the vote was expected before the end of the session',
  'the figures pointed to a slower recovery than forecast',
  'both sides had agreed to keep the channel of communication open',
  'the committee would hear from experts before drafting its report',
  'the risk of escalation remained high',
  'the government was ready to compromise on the timetable',
  'the new rules would affect several thousand companies',
  'the delegation had presented a written response',
  'the initiative had broad support among member states',
  'the court would rule on the case later this year',
  'it was too early to judge the effect of the sanctions',
  'the shipment had been held up at the border for days',
  'the reform would be phased in over three years',
] as const;

const OPENERS = ['According to', 'In a statement,', 'Speaking on', 'Earlier on', 'Later on', 'On', 'By', 'After'] as const;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const SUBHEADS = [
  'What was agreed',
  'Reaction abroad',
  'What happens next',
  'Background',
  'The numbers',
  'A divided coalition',
  'Pressure from the markets',
  'Questions over the timetable',
  'Voices on the ground',
  'The legal fight',
] as const;

const FIRST_NAMES = [
  'Anna',
  'Boris',
  'Carla',
  'David',
  'Elena',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Katya',
  'Luis',
  'Maya',
  'Nils',
  'Olga',
  'Pavel',
  'Queenie',
  'Rafael',
  'Sofia',
  'Tomas',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zara',
  'Amir',
  'Bea',
  'Chen',
  'Dara',
  'Emil',
  'Fatima',
  'Gabriel',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Lena',
  'Marek',
  'Nadia',
] as const;

const LAST_NAMES = [
  'Adler',
  'Baranov',
  'Costa',
  'Dimitrov',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Horvat',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zielinski',
  'Ahmed',
  'Berg',
  'Castillo',
  'Duarte',
  'Egan',
  'Fontaine',
  'Grant',
  'Haddad',
] as const;

const OUTLET_PLACES = [
  'Northfield',
  'Harbour',
  'Riverside',
  'Eastgate',
  'Westmoor',
  'Lakeshore',
  'Highland',
  'Baltic',
  'Danube',
  'Atlantic',
  'Pacific',
  'Alpine',
  'Capital',
  'Continental',
  'Metro',
] as const;

const OUTLET_KINDS = ['Gazette', 'Courier', 'Herald', 'Tribune', 'Post', 'Observer', 'Daily', 'Wire', 'Monitor', 'Times'] as const;

/** Every place with every kind of paper: 150 outlets. */
const OUTLET_NAMES = OUTLET_PLACES.flatMap((place) => OUTLET_KINDS.map((kind) => `${place} ${kind}`));

const LANGUAGES = ['en', 'en', 'en', 'de', 'fr', 'es', 'ru', 'it', 'pl'] as const;

/** Sections of the site; "World" is also the demo article's category, so its archive grows too. */
const CATEGORIES = [
  'World',
  'Politics',
  'Business',
  'Economy',
  'Technology',
  'Science',
  'Health',
  'Sport',
  'Culture',
  'Europe',
  'Asia',
  'Middle East',
  'Africa',
  'Americas',
  'Energy',
  'Climate',
  'Defence',
  'Media',
  'Education',
  'Society',
] as const;

/** Topics beside the countries; "NATO" and "Diplomacy" are demo tags too. */
const TOPIC_TAGS = [
  'NATO',
  'Diplomacy',
  'Elections',
  'Sanctions',
  'Inflation',
  'Interest rates',
  'Trade',
  'Migration',
  'Energy prices',
  'Gas',
  'Oil',
  'Nuclear power',
  'Renewables',
  'Climate policy',
  'Floods',
  'Drought',
  'Wildfires',
  'Earthquakes',
  'Public health',
  'Vaccines',
  'Hospitals',
  'Pensions',
  'Taxes',
  'Budget',
  'Debt',
  'Banks',
  'Markets',
  'Currency',
  'Housing',
  'Transport',
  'Railways',
  'Aviation',
  'Shipping',
  'Ports',
  'Agriculture',
  'Food prices',
  'Grain',
  'Fisheries',
  'Labour',
  'Strikes',
  'Unions',
  'Wages',
  'Education policy',
  'Universities',
  'Schools',
  'Research',
  'Space',
  'Artificial intelligence',
  'Cybersecurity',
  'Privacy',
  'Telecoms',
  'Social media',
  'Press freedom',
  'Courts',
  'Human rights',
  'Corruption',
  'Police',
  'Protests',
  'Referendums',
  'Coalitions',
  'Parliament',
  'Local government',
  'Summits',
  'Treaties',
  'Arms control',
  'Peace talks',
  'Ceasefire',
  'Refugees',
  'Humanitarian aid',
  'Border disputes',
  'Football',
  'Olympics',
  'Tennis',
  'Cycling',
  'Film',
  'Music',
  'Literature',
  'Heritage',
  'Tourism',
  'Automotive',
  'Steel',
  'Mining',
  'Semiconductors',
  'Startups',
  'Mergers',
  'Consumer prices',
  'Retail',
  'Exports',
  'Imports',
  'Tariffs',
  'Water',
  'Air pollution',
  'Biodiversity',
  'Oceans',
  'Forests',
  'Arctic',
  'Demographics',
] as const;

const COMMENT_SENTENCES = [
  'Thanks for the detailed report.',
  'I am not convinced this will change anything.',
  'This was to be expected.',
  'Does anyone know when the vote is?',
  'The headline is misleading, read the whole article.',
  'Good summary of a complicated story.',
  'We have heard these promises before.',
  'Interesting, the other outlets barely mention this.',
  'Who is going to pay for it?',
  'The numbers in the third paragraph do not add up.',
  'Finally some common sense.',
  'I lived there for ten years and this is accurate.',
  'Can you link the original statement?',
  'This is a step in the right direction.',
  'Let us wait and see what the court says.',
  'Nobody asked the people affected.',
  'The timeline at the end is helpful.',
  'I disagree with the previous commenter.',
  'Prices have gone up everywhere, not only there.',
  'More of this kind of reporting, please.',
] as const;

const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
] as const;

export interface GeneratedSource {
  slug: string;
  name: string;
  fullName: string | null;
  homepageUrl: string;
}

export interface GeneratedTerm {
  kind: TermKind;
  slug: string;
  name: string;
}

export interface GeneratedWriter {
  slug: string;
  displayName: string;
}

/** The fictional outlets articles credit. */
export function generatedOutlets(): GeneratedSource[] {
  return OUTLET_NAMES.map((name) => {
    const slug = slugify(name);
    return { slug, name, fullName: `The ${name}`, homepageUrl: `https://${slug}.example/` };
  });
}

/** Sections and tags: 20 categories and a tag per country and topic (about 230). */
export function generatedTerms(): GeneratedTerm[] {
  const categories = CATEGORIES.map((name) => ({ kind: 'category' as const, slug: slugify(name), name }));
  const tags = [...COUNTRIES, ...TOPIC_TAGS].map((name) => ({ kind: 'tag' as const, slug: slugify(name), name }));
  return [...categories, ...tags];
}

/** Staff writers with invented names. */
export function generatedWriters(count: number, random: Random): GeneratedWriter[] {
  const writers = new Map<string, GeneratedWriter>();
  while (writers.size < count) {
    const displayName = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    writers.set(slugify(displayName), { slug: slugify(displayName), displayName });
  }
  return [...writers.values()];
}

export interface Headline {
  title: string;
  /** The country the story is about: its tag, and the place in its opening line. */
  country: string;
}

export function generatedHeadline(random: Random): Headline {
  const country = random.pick(COUNTRIES);
  const form = random.int(0, 3);
  const object = random.pick(OBJECTS);
  let title: string;
  if (form === 0) title = `${country}: ${random.pick(INSTITUTIONS).replace(/^The /, '')} ${random.pick(VERBS)} ${object} ${random.pick(CIRCUMSTANCES)}`;
  else if (form === 1) title = `${country} ${random.pick(VERBS)} ${object} with ${random.pick(ORGANISATIONS)}`;
  else if (form === 2) title = `${capitalize(random.pick(NOUNS))} in ${country} split over ${object}`;
  else title = `What the ${object} means for ${country}`;
  return { title: capitalize(title), country };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(random: Random): string {
  const who = random.chance(0.5) ? capitalize(random.pick(NOUNS)) : `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const form = random.int(0, 4);
  if (form === 0) return `${who} ${random.pick(REPORTING_VERBS)} that ${random.pick(CLAUSES)}.`;
  if (form === 1)
    return `${random.pick(OPENERS)} ${random.pick(WEEKDAYS)}, ${random.pick(NOUNS)} in ${random.pick(COUNTRIES)} ${random.pick(REPORTING_VERBS)} that ${random.pick(CLAUSES)}.`;
  if (form === 2) return `“${capitalize(random.pick(CLAUSES))},” ${who} ${random.pick(REPORTING_VERBS)}.`;
  if (form === 3) return `The ${random.pick(OBJECTS)} was discussed with ${random.pick(ORGANISATIONS)}, and ${random.pick(CLAUSES)}.`;
  return `${capitalize(random.pick(ORGANISATIONS))} ${random.pick(PAST_VERBS)} the ${random.pick(OBJECTS)} ${random.pick(CIRCUMSTANCES)}.`;
}

function paragraph(random: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random)).join(' ');
}

/**
 * The part of an article after its opening line, in Markdown: 300 to 600 words in five to nine
 * paragraphs, now and then a subheading, a quotation, a list or a link, as wire copy has.
 */
export function generatedArticleBody(random: Random): string {
  const blocks: string[] = [];
  const paragraphs = random.int(5, 9);
  for (let i = 0; i < paragraphs; i++) {
    if (i > 1 && random.chance(0.15)) blocks.push(`## ${random.pick(SUBHEADS)}`);
    if (random.chance(0.08)) blocks.push(`> ${capitalize(random.pick(CLAUSES))}, ${random.pick(NOUNS)} ${random.pick(REPORTING_VERBS)}.`);
    else if (random.chance(0.06)) blocks.push(Array.from({ length: random.int(2, 4) }, () => `- ${capitalize(random.pick(CLAUSES))}.`).join('\n'));
    let text = paragraph(random, random.int(3, 5));
    if (random.chance(0.2)) {
      const outlet = random.pick(OUTLET_NAMES);
      text += ` The full statement was published by [the ${outlet}](https://${slugify(outlet)}.example/).`;
    }
    blocks.push(text);
  }
  return blocks.join('\n\n');
}

/** An article's opening line, which names its place and day and keeps every excerpt distinct. */
export function generatedLead(random: Random, headline: Headline, publishedAt: Date): string {
  const day = WEEKDAYS[(publishedAt.getUTCDay() + 6) % 7];
  return `${headline.country}, ${day}: ${headline.title}. ${paragraph(random, random.int(1, 2))}`;
}

export function generatedLabel(random: Random): PostLabel | null {
  const roll = random.next();
  if (roll < 0.7) return 'news';
  if (roll < 0.85) return 'analysis';
  if (roll < 0.95) return 'opinion';
  return null;
}

export interface GeneratedCredit {
  /** Index into generatedOutlets(). */
  outlet: number;
  role: SourceRole;
  language: string;
}

/** The outlets one article credits: usually one it is republished from, some it cites, now and then one it came via. */
export function generatedCredits(random: Random, outletCount: number): GeneratedCredit[] {
  const used = new Set<number>();
  const credits: GeneratedCredit[] = [];
  const add = (role: SourceRole): void => {
    const outlet = random.int(0, outletCount - 1);
    if (used.has(outlet)) return;
    used.add(outlet);
    credits.push({ outlet, role, language: random.pick(LANGUAGES) });
  };
  if (random.chance(0.85)) add('original');
  for (let i = random.int(0, 3); i > 0; i--) add('cited');
  if (random.chance(0.1)) add('via');
  return credits;
}

/** A reader as the generator names them; the same number is always the same reader. */
export function generatedReader(n: number): { name: string; email: string } {
  const first = FIRST_NAMES[n % FIRST_NAMES.length] ?? '';
  const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length] ?? '';
  return { name: `${first} ${last.charAt(0)}.`, email: `reader${n}@example.org` };
}

export function generatedCommentBody(random: Random): string {
  return Array.from({ length: random.int(1, 4) }, () => random.pick(COMMENT_SENTENCES)).join(' ');
}

export function generatedUserAgent(random: Random): string {
  return random.pick(AGENTS);
}

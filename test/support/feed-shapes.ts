import type { XmlText } from './xml.ts';

/** The parts of parsed feeds and sitemaps the tests read. */
export interface RssDoc {
  rss: {
    '@version': string;
    channel: {
      title: string;
      link: string[];
      description: string;
      'atom:link': { '@href': string; '@rel': string };
      language: string;
      lastBuildDate: string;
      item?: RssItem[];
    };
  };
}

export interface RssItem {
  title: string;
  link: string[];
  guid: XmlText;
  'dc:creator': string;
  pubDate: string;
  'dcterms:modified': string;
  category?: string[];
  description: string;
  'content:encoded': string;
}

export interface AtomDoc {
  feed: {
    '@xmlns': string;
    title: XmlText;
    id: string;
    updated: string;
    link: { '@rel': string; '@href': string }[];
    entry?: AtomEntry[];
  };
}

export interface AtomEntry {
  title: XmlText;
  id: string;
  link: { '@rel': string; '@href': string }[];
  published: string;
  updated: string;
  author: { name: string; uri?: string };
  category?: { '@term': string }[];
  summary?: XmlText;
  content: XmlText;
}

export interface JsonFeed {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  language: string;
  items: Array<{
    id: string;
    url: string;
    title: string;
    content_html: string;
    summary?: string;
    date_published: string;
    date_modified: string;
    authors: Array<{ name: string; url?: string }>;
    tags?: string[];
  }>;
}

export interface SitemapIndexDoc {
  sitemapindex: { '@xmlns': string; sitemap?: { loc: string }[] };
}

export interface UrlSetDoc {
  urlset: {
    '@xmlns': string;
    '@xmlns:news'?: string;
    url?: Array<{
      loc: string;
      lastmod?: string;
      'news:news'?: {
        'news:publication': { 'news:name': string; 'news:language': string };
        'news:publication_date': string;
        'news:title': string;
      };
    }>;
  };
}

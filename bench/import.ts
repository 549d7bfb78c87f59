// Benchmark of `wirepress import wordpress`: writes a WordPress export of generated posts with
// threaded comments, then imports it into a new SQLite site in a child process and reports the
// time and the child's peak resident memory (which the streaming reader keeps bounded).
//
//   npm run bench -- --import [--posts 2000] [--comments 20000] [--keep DIR]
//   npm run bench -- --import --posts 100000 --comments 1000000    (the size)
//
// DATABASE_URL, when set, is where the import goes instead of a new SQLite file (it must be empty).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const WORDS = 'minister talks border agreement council statement press security economy report sanctions summit energy region capital officials'.split(' ');

function words(seed: number, n: number): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An item of a generated export: a news post of a few paragraphs with block markup and its comments, a third of them replies. */
function item(id: number, comments: number, firstCommentId: number): string {
  const day = new Date(Date.UTC(2015, 0, 1) + id * 3_600_000);
  const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ${pad(day.getUTCHours())}:00:00`;
  const slug = `post-${id}-${words(id, 3).replaceAll(' ', '-')}`;
  let body = '';
  for (let p = 0; p < 6; p++) body += `<!-- wp:paragraph -->\n<p>${words(id * 7 + p, 60)}.</p>\n<!-- /wp:paragraph -->\n\n`;
  body += 'Source: IZ';
  let xml =
    `<item><title><![CDATA[${words(id, 8)}]]></title><link>https://big.example/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${slug}/</link>` +
    `<dc:creator><![CDATA[author${id % 20}]]></dc:creator><guid isPermaLink="false">https://big.example/?p=${id}</guid>` +
    `<content:encoded><![CDATA[${body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>` +
    `<wp:post_id>${id}</wp:post_id><wp:post_date>${date}</wp:post_date><wp:post_date_gmt>${date}</wp:post_date_gmt>` +
    `<wp:comment_status>open</wp:comment_status><wp:post_name>${slug}</wp:post_name><wp:status>publish</wp:status>` +
    `<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>` +
    `<category domain="category" nicename="section-${id % 12}"><![CDATA[Section ${id % 12}]]></category>` +
    `<category domain="post_tag" nicename="topic-${id % 300}"><![CDATA[Topic ${id % 300}]]></category>\n`;
  for (let c = 0; c < comments; c++) {
    const cid = firstCommentId + c;
    const parent = c > 0 && c % 3 === 0 ? cid - 1 : 0;
    xml +=
      `<wp:comment><wp:comment_id>${cid}</wp:comment_id><wp:comment_author><![CDATA[Reader ${cid % 5000}]]></wp:comment_author>` +
      `<wp:comment_author_email>reader${cid % 5000}@readers.example</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>` +
      `<wp:comment_author_IP>192.0.2.${cid % 250}</wp:comment_author_IP><wp:comment_date>${date}</wp:comment_date><wp:comment_date_gmt>${date}</wp:comment_date_gmt>` +
      `<wp:comment_content><![CDATA[${words(cid, 25)}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>` +
      `<wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`;
  }
  return `${xml}</item>\n`;
}

/** Writes the export, waiting for the file to take each piece, so generating it needs little memory too. */
async function writeExport(path: string, posts: number, comments: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Big export</title><link>https://big.example</link>' +
      '<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url><wp:base_blog_url>https://big.example</wp:base_blog_url>\n',
  );
  let nextComment = 1;
  for (let id = 1; id <= posts; id++) {
    // Comments spread evenly, the remainder on the first posts.
    const n = Math.floor(comments / posts) + (id <= comments % posts ? 1 : 0);
    await write(item(id, n, nextComment));
    nextComment += n;
  }
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** The import in a child process, which reports its own time and peak memory. */
function importInChild(file: string, databaseUrl: string): Promise<{ seconds: number; maxRssMb: number; summary: string }> {
  const script = `
    import { runCli } from './src/cli/main.ts';
    const started = performance.now();
    let out = '';
    const code = await runCli(['import', 'wordpress', ${JSON.stringify(file)}], process.env, { out: (t) => { out += t; }, err: (t) => process.stderr.write(t), errIsTty: false });
    if (code !== 0) process.exit(code);
    process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, summary: out }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, WIREPRESS_PROGRESS: 'lines' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`the import exited with ${code}`))));
  });
}

export async function runImportBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      import: { type: 'boolean' },
      posts: { type: 'string', default: '2000' },
      comments: { type: 'string', default: '20000' },
      keep: { type: 'string' },
    },
    strict: true,
  });
  const posts = Number(values.posts);
  const comments = Number(values.comments);
  if (!Number.isSafeInteger(posts) || posts < 1 || !Number.isSafeInteger(comments) || comments < 0)
    throw new Error('--posts and --comments must be whole numbers');
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'wirepress-import-bench-'));
  try {
    const file = join(dir, 'export.xml');
    let started = performance.now();
    await writeExport(file, posts, comments);
    const size = statSync(file).size;
    process.stdout.write(
      `Wrote ${posts.toLocaleString('en-US')} posts and ${comments.toLocaleString('en-US')} comments (${(size / 1_048_576).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    started = performance.now();
    const databaseUrl = process.env.DATABASE_URL ?? `file:${join(dir, 'site.db')}`;
    const result = await importInChild(file, databaseUrl);
    const items = posts + comments;
    process.stdout.write(result.summary);
    process.stdout.write(
      `Import: ${result.seconds.toFixed(1)} s (${Math.round(items / result.seconds).toLocaleString('en-US')} posts and comments a second), ` +
        `peak RSS ${result.maxRssMb.toFixed(0)} MB, export ${(size / 1_048_576).toFixed(1)} MB\n`,
    );
  } finally {
    if (values.keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

// Comment flood: many simulated readers (or spam bots) post the comment form as fast as the site answers,
// while a load generator reads the article; afterwards every acknowledged comment is looked up
// in the database.
import { Agent, request } from 'node:http';
import { parseDatabaseUrl } from '../src/config.ts';
import { generatedReader } from '../src/demo/generated-news.ts';
import { listCommentsForModeration } from '../src/services/comments.ts';
import { createDb } from '../src/storage/db.ts';
import type { LoadGenerator, LoadResult, LoadSettings } from './load.ts';

/** A stuck submission is abandoned (and counted as failed) after this. */
const POST_TIMEOUT_MS = 10_000;
/** Readers the generator gives most comments to, so a flood from them is approved at once. */
const FREQUENT_READERS = 500;

export interface FloodSettings {
  readonly siteUrl: string;
  /** Path of the article, ending in "/". */
  readonly articlePath: string;
  readonly clients: number;
  /** Seconds. */
  readonly duration: number;
  /** Submissions sent at most, whatever the duration. */
  readonly maxSubmissions: number;
  /** Seconds of the same flood and reads before the measured run, their results dropped (code paths loaded and compiled). */
  readonly warmup: number;
  /**
   * Who posts: "known" readers with approved comments (on a generated site), whose comments go
   * live at once; "new" first-time commenters, held; or "spam" bots (pharmacy text, links, a
   * web-address name, the hidden field filled), which the spam score sends to spam.
   */
  readonly readers: 'new' | 'known' | 'spam';
}

export interface FloodResult {
  readonly clients: number;
  readonly readers: FloodSettings['readers'];
  readonly seconds: number;
  readonly sent: number;
  /** Answered 303, as a browser's form post is on success. */
  readonly acknowledged: number;
  readonly otherStatus: Readonly<Record<string, number>>;
  readonly failed: number;
  readonly acknowledgedPerSec: number;
  readonly postP50Ms: number;
  readonly postP99Ms: number;
  /** Acknowledged comments found in the database, approved, held and sent to spam. */
  readonly storedApproved: number;
  readonly storedHeld: number;
  readonly storedSpam: number;
  /** Acknowledged but not in the database. */
  readonly lost: number;
  /** Page reads of the article during the flood. */
  readonly reads: LoadResult;
}

interface Submission {
  readonly token: string;
  readonly status: number | 'failed';
  readonly ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function postForm(agent: Agent, url: URL, origin: string, body: string, userAgent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: POST_TIMEOUT_MS,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin,
          'user-agent': userAgent,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end(body);
  });
}

/** One simulated reader: posts comments one after another until the deadline or the shared budget runs out. */
async function reader(
  client: number,
  settings: FloodSettings,
  agent: Agent,
  deadline: number,
  budget: { left: number },
  out: Submission[],
  round: 'flood' | 'warmup',
): Promise<void> {
  const url = new URL(`${settings.articlePath}comments`, settings.siteUrl);
  const identity =
    settings.readers === 'known'
      ? generatedReader(client % FREQUENT_READERS)
      : settings.readers === 'spam'
        ? { name: `cheap-pills-${client}.shop`, email: `bot-${client}@pills.example` }
        : { name: `Flood reader ${client}`, email: `flood-reader-${client}@example.net` };
  const userAgent = `wirepress-bench flood client ${client}`;
  for (let n = 0; performance.now() < deadline && budget.left > 0; n++) {
    budget.left -= 1;
    const token = `${round}-${client}-${n}`;
    const fields: Record<string, string> =
      settings.readers === 'spam'
        ? {
            comment: `Benchmark comment ${token}: cheap viagra and cialis, online pharmacy, no prescription https://pills-${client}.example/buy`,
            author: identity.name,
            email: identity.email,
            url: `https://pills-${client}.example`,
            comment_parent: '0',
            homepage: `https://pills-${client}.example`,
          }
        : {
            comment: `Benchmark comment ${token}: the figures in the third paragraph deserve a second look.`,
            author: identity.name,
            email: identity.email,
            url: '',
            comment_parent: '0',
          };
    const body = new URLSearchParams(fields).toString();
    const started = performance.now();
    let status: number | 'failed';
    try {
      status = await postForm(agent, url, settings.siteUrl, body, userAgent);
    } catch {
      status = 'failed';
    }
    out.push({ token, status, ms: performance.now() - started });
  }
}

/** Runs the flood and the article reads side by side for the same duration, then checks the database. */
export async function runFlood(settings: FloodSettings, generator: LoadGenerator, readLoad: LoadSettings, databaseUrl: string): Promise<FloodResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: settings.clients });
  const articleUrl = new URL(settings.articlePath, settings.siteUrl).href;
  if (settings.warmup > 0) {
    const warmupDeadline = performance.now() + settings.warmup * 1000;
    const budget = { left: settings.warmup * (settings.maxSubmissions / settings.duration) };
    const readers = Array.from({ length: settings.clients }, (_, client) => reader(client, settings, agent, warmupDeadline, budget, [], 'warmup'));
    await Promise.all([generator.run(articleUrl, { ...readLoad, duration: settings.warmup }), ...readers]);
  }
  const submissions: Submission[] = [];
  const budget = { left: settings.maxSubmissions };
  const started = performance.now();
  const deadline = started + settings.duration * 1000;
  const readers = Array.from({ length: settings.clients }, (_, client) => reader(client, settings, agent, deadline, budget, submissions, 'flood'));
  const [reads] = await Promise.all([generator.run(articleUrl, { ...readLoad, duration: settings.duration }), ...readers]);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  const acknowledged = submissions.filter((s) => s.status === 303);
  const otherStatus: Record<string, number> = {};
  for (const s of submissions) if (s.status !== 303 && s.status !== 'failed') otherStatus[s.status] = (otherStatus[s.status] ?? 0) + 1;
  const times = submissions.map((s) => s.ms).sort((a, b) => a - b);

  // Every submission is among the newest comments of one status or the other: nothing else writes.
  const database = createDb(parseDatabaseUrl(databaseUrl, 1));
  const stored = new Map<string, 'approved' | 'pending' | 'spam'>();
  try {
    for (const status of ['approved', 'pending', 'spam'] as const) {
      for (const comment of await listCommentsForModeration(database.db, status, submissions.length + 10)) {
        const token = /Benchmark comment (flood-\d+-\d+):/.exec(comment.body)?.[1];
        if (token) stored.set(token, status);
      }
    }
  } finally {
    await database.close();
  }
  const found = acknowledged.map((s) => stored.get(s.token));
  return {
    clients: settings.clients,
    readers: settings.readers,
    seconds,
    sent: submissions.length,
    acknowledged: acknowledged.length,
    otherStatus,
    failed: submissions.filter((s) => s.status === 'failed').length,
    acknowledgedPerSec: acknowledged.length / seconds,
    postP50Ms: percentile(times, 50),
    postP99Ms: percentile(times, 99),
    storedApproved: found.filter((f) => f === 'approved').length,
    storedHeld: found.filter((f) => f === 'pending').length,
    storedSpam: found.filter((f) => f === 'spam').length,
    lost: found.filter((f) => f === undefined).length,
    reads,
  };
}

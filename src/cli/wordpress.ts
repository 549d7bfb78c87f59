import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config.ts';
import { parsePermalinkStructure, PERMALINK_STRUCTURES } from '../domain/legacy-addresses.ts';
import { MediaVariants } from '../services/media-variants.ts';
import { exportWordpress } from '../services/wordpress-export.ts';
import { ImportStoppedError, importWordpress, type CountedKind, type ImportSummary } from '../services/wordpress-import.ts';
import { createDb } from '../storage/db.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { UsageError, type CommandSpec, type Output } from './command.ts';
import { PROGRESS_LINE_INTERVAL_MS, progressMode } from './progress.ts';

/** Bytes read from the export at a time: small next to memory, large enough to read quickly. */
const READ_CHUNK_BYTES = 256 * 1024;
/** How often the terminal's progress line is redrawn. */
const LIVE_REDRAW_INTERVAL_MS = 200;

const KIND_LABELS: Record<CountedKind, string> = {
  authors: 'authors',
  categories: 'categories',
  tags: 'tags',
  posts: 'posts',
  pages: 'pages',
  menuItems: 'menu items',
  comments: 'comments',
  attachments: 'attachments',
  photos: 'photos (into the library)',
  addresses: 'old addresses kept',
};

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** "1,200 items  340 items/s  42% of 12.0 MB  about 30 s left", with "35 photos" after the items once there are any. */
export function formatImportProgress(items: number, seconds: number, bytesRead: number, totalBytes: number, photos = 0): string {
  const rate = seconds > 0 ? items / seconds : 0;
  const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 1;
  const left = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
  return (
    `${items.toLocaleString('en-US')} items  ${photos > 0 ? `${photos.toLocaleString('en-US')} photo${photos === 1 ? '' : 's'}  ` : ''}${Math.round(rate).toLocaleString('en-US')} items/s  ` +
    `${Math.floor(fraction * 100)}% of ${(totalBytes / 1_048_576).toFixed(1)} MB  about ${formatDuration(left)} left`
  );
}

export function formatImportSummary(summary: ImportSummary, seconds: number): string {
  const lines = [
    `${summary.dryRun ? 'Dry run of the import' : 'Imported'} from ${summary.site} (WXR ${summary.wxrVersion}) in ${seconds.toFixed(1)} s: ${summary.items.toLocaleString('en-US')} items read.`,
  ];
  if (summary.permalinks) lines.push(`Old permalinks: ${summary.permalinks}.`);
  const rows: Array<[string, string, string, string]> = [['', summary.dryRun ? 'new' : 'created', 'updated', 'unchanged']];
  for (const [kind, label] of Object.entries(KIND_LABELS) as Array<[CountedKind, string]>) {
    const c = summary.counts[kind];
    if (kind === 'addresses') rows.push([label, String(c.created), '', '']);
    else rows.push([label, String(c.created), String(c.updated), String(c.unchanged)]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    lines.push(`  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}  ${r[3].padStart(widths[3]!)}`.trimEnd());
  const skipped = Object.entries(summary.skipped).sort((a, b) => b[1] - a[1]);
  if (skipped.length > 0) {
    lines.push(summary.dryRun ? 'Would be skipped:' : 'Skipped:');
    for (const [reason, n] of skipped) lines.push(`  ${n.toLocaleString('en-US')}  ${reason}`);
  }
  const links = Object.entries(summary.keptAsLinks).sort((a, b) => b[1] - a[1]);
  if (links.length > 0) {
    lines.push(summary.dryRun ? 'Attachments that would stay links to the old site:' : 'Attachments kept as links to the old site:');
    for (const [reason, n] of links) lines.push(`  ${n.toLocaleString('en-US')}  ${reason}`);
  }
  if (summary.pagesRenamed > 0)
    lines.push(
      `${summary.pagesRenamed} top-level page${summary.pagesRenamed === 1 ? ' has' : 's have'} a slug this site uses for its own addresses: imported as "<slug>-page".`,
    );
  if (summary.usersAwaitingPassword > 0) {
    lines.push(
      `${summary.usersAwaitingPassword} author${summary.usersAwaitingPassword === 1 ? ' was' : 's were'} added as users without a password: ` +
        'send each an invitation from Users in the admin.',
    );
  }
  if (summary.dryRun) lines.push('Nothing was written.');
  return `${lines.join('\n')}\n`;
}

async function* chunksOf(stream: ReadStream): AsyncGenerator<string> {
  for await (const chunk of stream) yield chunk as string;
}

async function runImport(
  file: string,
  values: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
  io: Output,
): Promise<number> {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  let structure: string | undefined;
  if (typeof values.permalinks === 'string') {
    structure = parsePermalinkStructure(values.permalinks);
    if (structure === undefined) {
      throw new UsageError(
        `--permalinks must be one of ${Object.keys(PERMALINK_STRUCTURES).join(', ')}, or a structure such as /%year%/%monthnum%/%postname%/`,
      );
    }
  }
  let uploadsDir: string | undefined;
  if (typeof values.uploads === 'string') {
    uploadsDir = values.uploads;
    let isDir = false;
    try {
      isDir = statSync(uploadsDir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new UsageError(`--uploads must be a folder (a copy of wp-content/uploads); ${uploadsDir} is not one`);
  }
  const mode = progressMode(env, io.errIsTty);
  const started = performance.now();
  let lastWritten = started;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  const onProgress = (items: number, photos: number): void => {
    if (mode === 'off') return;
    const at = performance.now();
    if (mode !== 'always' && at - lastWritten < (mode === 'live' ? LIVE_REDRAW_INTERVAL_MS : PROGRESS_LINE_INTERVAL_MS)) return;
    lastWritten = at;
    const line = formatImportProgress(items, (at - started) / 1000, stream.bytesRead, size, photos);
    io.err(mode === 'live' ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const config = loadConfig(env);
  const database = createDb(config.database);
  try {
    await migrateToLatest(database);
    const summary = await importWordpress(database, chunksOf(stream), {
      dryRun: values['dry-run'] === true,
      permalinkStructure: structure,
      uploadsDir,
      media: uploadsDir === undefined ? undefined : new MediaVariants(config.media),
      fileName: basename(file),
      now: () => new Date(),
      onProgress,
    });
    if (mode === 'live') io.err('\r\x1b[K');
    io.out(formatImportSummary(summary, (performance.now() - started) / 1000));
    return 0;
  } catch (error) {
    if (mode === 'live') io.err('\r\x1b[K');
    if (error instanceof ImportStoppedError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    stream.destroy();
    await database.close();
  }
}

export const IMPORT_WORDPRESS_COMMAND: CommandSpec = {
  name: 'import wordpress',
  args: '<file>',
  summary: 'Bring in a WordPress export (Tools → Export): posts, comments, authors, categories, tags and old addresses.',
  details:
    'Running it again changes nothing; a newer export of the same site changes only what changed.\n' +
    'A file that stops with an error keeps what was imported before it; run it again once fixed.\n' +
    'Pages keep their parents and order, and menus become the header (the first) and footer (the second).\n' +
    'With --uploads, image attachments found in the folder go into the photo library (featured images, images in texts,\n' +
    'their old /wp-content/uploads/ addresses redirected); other files, and images not found, stay links to the old site.',
  options: {
    'dry-run': { type: 'boolean', description: 'read the whole file and print what would be imported, writing nothing' },
    permalinks: {
      type: 'string',
      value: 'structure',
      description: `the old site's permalinks, when its links do not show them: ${Object.keys(PERMALINK_STRUCTURES).join(', ')}, or /%year%/%postname%/…`,
    },
    uploads: {
      type: 'string',
      value: 'folder',
      description: "a copy of the old site's wp-content/uploads: its images go into the photo library; attachments outside it are refused",
    },
  },
  run: ({ values, positionals, env, io }) => {
    if (positionals.length !== 1) throw new UsageError('import wordpress needs one export file');
    return runImport(positionals[0]!, values, env, io);
  },
};

export const EXPORT_WORDPRESS_COMMAND: CommandSpec = {
  name: 'export wordpress',
  summary: 'Write the whole site as a WordPress export (WXR 1.2) to standard output.',
  details: "Posts, comments, users, categories and tags, with each post's sources as post meta. Example: wirepress export wordpress > site.xml",
  options: {},
  run: async ({ env, io }) => {
    const config = loadConfig(env);
    const database = createDb(config.database);
    try {
      await migrateToLatest(database);
      await exportWordpress(database.db, { siteUrl: config.siteUrl ?? 'http://localhost', now: new Date() }, (text) => io.out(text));
      return 0;
    } finally {
      await database.close();
    }
  },
};

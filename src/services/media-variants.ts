/**
 * The sizes readers get, made on demand from the original and kept in this node's cache folder.
 * Nodes share no disk: each makes what it is asked for from the original in the database, so a
 * missing or emptied folder only costs time. Image work runs a few at a time, whatever the
 * number of requests, so that uploads and new variants never starve the serving of pages.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionOf, type MediaItem, variantWidths } from '../domain/media.ts';
import type { Db } from '../storage/db.ts';
import { DATABASE_ORIGINALS, type MediaOriginalStore } from '../storage/media.ts';
import { renderVariant, variantVersion, type VariantSpec } from './media-images.ts';

export interface MediaOptions {
  /** This node's folder of made variants (MEDIA_CACHE_DIR). */
  cacheDir: string;
  /** The folder is kept under this many bytes; the least recently used files go first. */
  cacheMaxBytes: number;
  /** Largest upload accepted, in bytes (MEDIA_MAX_MB). */
  maxUploadBytes: number;
  /** Keep the photographer and copyright fields of EXIF on served files (MEDIA_KEEP_CREDITS). */
  keepCredits: boolean;
  /** Variants made at once by this process (uploads are inspected one at a time besides). */
  concurrency?: number;
}

/**
 * Two at a time: libvips already spreads one image over the machine's cores, and two keep both
 * busy on a small server while a third request for a page still finds a free moment.
 */
export const DEFAULT_CONCURRENCY = 2;
/**
 * Uploads are inspected one at a time, in a queue of their own: ten editors uploading at once
 * then hold one core between them, and readers' pages and the variants they ask for keep the
 * other (docs/performance.md: readers' p99 during uploads).
 */
export const UPLOAD_CONCURRENCY = 1;
/** Jobs that may wait for their turn; past it a request is answered "busy" at once instead of queueing for minutes. */
const MAX_WAITING = 200;

/** Too many images are being made at once: try again shortly (503 with Retry-After). */
export class MediaBusyError extends Error {
  override name = 'MediaBusyError';
}

/** A few jobs at a time, the rest wait in order. */
export class WorkQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting = MAX_WAITING,
  ) {}

  get running(): number {
    return this.#running;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.maxWaiting) throw new MediaBusyError('Too many images are being processed; try again in a moment.');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next job, so the count never dips and lets a newcomer jump the queue.
      if (next) next();
      else this.#running -= 1;
    }
  }
}

/**
 * Bytes of uploaded photos a process holds at once, as a number of the largest photos accepted:
 * four at 25 MB is 100 MB, well inside a small server's memory beside the page cache, and more
 * than a newsroom's editors send in the same second (a 12 MP photo is about 6 MB).
 */
export const UPLOADS_IN_FLIGHT = 4;

/**
 * Bytes of uploaded files this process holds at once, across every request. Files are read into
 * memory (the library stores them whole), so without a bound ten editors sending 25 MB photos at
 * the same moment held 250 MB and more; past the budget a request's files are dropped as they
 * arrive (its text fields are still read) and the form is answered "busy, try again"; the REST
 * API's uploads draw on the same budget.
 */
export class UploadBudget {
  #held = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (this.#held + bytes > this.maxBytes) return false;
    this.#held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}

/** The variants of this process: queues for the image work (variants, and uploads apart) and a bounded cache folder. */
export class MediaVariants {
  readonly queue: WorkQueue;
  /** Uploads being read and decoded: apart from `queue`, so that a burst of uploads never holds up the variants readers wait for. */
  readonly uploads: WorkQueue;
  /** Bytes of uploads being read, across the admin's forms and the REST API. */
  readonly uploadBudget: UploadBudget;
  readonly options: MediaOptions;
  readonly #store: MediaOriginalStore;
  readonly #pending = new Map<string, Promise<Buffer>>();
  /** Bytes in the folder, counted once at the first write and kept up to date after. */
  #cachedBytes: number | undefined;
  #evicting: Promise<void> | undefined;

  constructor(options: MediaOptions, store: MediaOriginalStore = DATABASE_ORIGINALS) {
    this.options = options;
    this.queue = new WorkQueue(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.uploads = new WorkQueue(UPLOAD_CONCURRENCY);
    this.uploadBudget = new UploadBudget(UPLOADS_IN_FLIGHT * options.maxUploadBytes);
    this.#store = store;
  }

  get originals(): MediaOriginalStore {
    return this.#store;
  }

  /** Whether this image is ever made at this width: the widths its `<picture>` lists, never wider than the original. */
  static offers(item: Pick<MediaItem, 'width'>, spec: VariantSpec): boolean {
    return 'share' in spec || variantWidths(item.width).includes(spec.width);
  }

  #fileOf(item: Pick<MediaItem, 'id' | 'sha256'>, spec: VariantSpec): string {
    const name = 'share' in spec ? 'share.jpg' : `${spec.width}.${extensionOf(spec.format)}`;
    // Kept credits make other bytes: they get their own folder.
    const folder = `${item.id}-${variantVersion(item.sha256)}${this.options.keepCredits ? '-credits' : ''}`;
    return join(this.options.cacheDir, folder, name);
  }

  /**
   * The bytes of one variant: from the folder, or made now from the original (once, however
   * many ask at the same moment) and written there. Undefined when the original is gone.
   */
  async variant(db: Db, item: Pick<MediaItem, 'id' | 'sha256'>, spec: VariantSpec): Promise<Buffer | undefined> {
    const file = this.#fileOf(item, spec);
    try {
      const bytes = await readFile(file);
      const now = new Date();
      // The file's time says when it was last used, for eviction; a failure to say so costs nothing.
      utimes(file, now, now).catch(() => {});
      return bytes;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const running = this.#pending.get(file);
    if (running) return running;
    const made = this.#make(db, item, spec, file);
    this.#pending.set(file, made as Promise<Buffer>);
    try {
      return await made;
    } finally {
      this.#pending.delete(file);
    }
  }

  async #make(db: Db, item: Pick<MediaItem, 'id'>, spec: VariantSpec, file: string): Promise<Buffer | undefined> {
    const original = await this.#store.get(db, item.id);
    if (!original) return undefined;
    const bytes = await this.queue.run(() => renderVariant(original, spec, { keepCredits: this.options.keepCredits }));
    await this.#write(file, bytes);
    return bytes;
  }

  /** Written under a temporary name and renamed, so a reader never finds half a file. */
  async #write(file: string, bytes: Buffer): Promise<void> {
    const folder = join(file, '..');
    await mkdir(folder, { recursive: true });
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    this.#cachedBytes = (this.#cachedBytes ?? (await this.#measure())) + bytes.length;
    if (this.#cachedBytes > this.options.cacheMaxBytes && !this.#evicting) {
      this.#evicting = this.#evict().finally(() => {
        this.#evicting = undefined;
      });
    }
  }

  async #files(): Promise<Array<{ path: string; size: number; usedAt: number }>> {
    const files: Array<{ path: string; size: number; usedAt: number }> = [];
    let folders: string[];
    try {
      folders = await readdir(this.options.cacheDir);
    } catch {
      return files;
    }
    for (const folder of folders) {
      let names: string[];
      try {
        names = await readdir(join(this.options.cacheDir, folder));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(this.options.cacheDir, folder, name);
        try {
          const info = await stat(path);
          if (info.isFile()) files.push({ path, size: info.size, usedAt: info.mtimeMs });
        } catch {
          // Removed by another process in the meantime.
        }
      }
    }
    return files;
  }

  async #measure(): Promise<number> {
    return (await this.#files()).reduce((sum, f) => sum + f.size, 0);
  }

  /** Removes the least recently used files until the folder is back under nine tenths of its bound. */
  async #evict(): Promise<void> {
    const files = (await this.#files()).sort((a, b) => a.usedAt - b.usedAt);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    const target = this.options.cacheMaxBytes * 0.9;
    for (const file of files) {
      if (total <= target) break;
      await rm(file.path, { force: true });
      total -= file.size;
    }
    this.#cachedBytes = total;
  }

  /** Bytes in the cache folder now, for tests and the operator. */
  cacheSize(): Promise<number> {
    return this.#measure();
  }
}

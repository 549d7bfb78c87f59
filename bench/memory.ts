// Memory over a long run: the app under load for a set time, its resident size sampled every
// few seconds, to see whether it levels off after warm-up or keeps growing.
import type { LoadGenerator, LoadSettings } from './load.ts';
import { readMemory } from './processes.ts';

/** Seconds between RSS samples. */
const SAMPLE_EVERY_S = 5;
/** Load runs this long on one page before moving to the next, so every kind of page stays in play. */
const SLICE_S = 15;
/** The first part of the run is warm-up (code compiled, caches filled): growth is judged after it. */
const WARMUP_SHARE = 0.2;
/** Growth below this is noise (allocator, GC timing), not a leak. */
const GROWTH_TOLERANCE_MB = 10;

export interface MemorySample {
  /** Seconds since the start of the run. */
  readonly at: number;
  readonly rssMb: number;
}

export interface MemoryResult {
  readonly seconds: number;
  readonly samples: readonly MemorySample[];
  readonly minMb: number;
  readonly maxMb: number;
  readonly lastMb: number;
  /** Largest RSS in the first and the last third after warm-up. */
  readonly earlyMaxMb: number;
  readonly lateMaxMb: number;
  readonly grew: boolean;
  readonly requests: number;
  readonly errors: number;
}

/** Loads the pages in turn, slice by slice, for `duration` seconds, sampling the app's RSS throughout. */
export async function runMemory(pid: number, urls: readonly string[], generator: LoadGenerator, settings: LoadSettings): Promise<MemoryResult> {
  const samples: MemorySample[] = [];
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const sample = (): void => {
    samples.push({ at: elapsed(), rssMb: readMemory(pid).rssMb });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_S * 1000);
  let requests = 0;
  let errors = 0;
  try {
    for (let slice = 0; elapsed() < settings.duration - 1; slice++) {
      const url = urls[slice % urls.length]!;
      const duration = Math.max(1, Math.min(SLICE_S, Math.round(settings.duration - elapsed())));
      process.stderr.write(`memory: ${Math.round(elapsed())}/${settings.duration}s, ${url}\n`);
      const result = await generator.run(url, { ...settings, duration });
      requests += result.totalRequests;
      errors += result.errors + result.non2xx;
    }
  } finally {
    clearInterval(timer);
  }
  sample();

  const rss = samples.map((s) => s.rssMb);
  const afterWarmup = samples.filter((s) => s.at >= settings.duration * WARMUP_SHARE);
  const third = Math.max(1, Math.floor(afterWarmup.length / 3));
  const maxOf = (list: readonly MemorySample[]): number => Math.max(...list.map((s) => s.rssMb));
  const earlyMaxMb = maxOf(afterWarmup.slice(0, third));
  const lateMaxMb = maxOf(afterWarmup.slice(-third));
  return {
    seconds: elapsed(),
    samples,
    minMb: Math.min(...rss),
    maxMb: Math.max(...rss),
    lastMb: rss[rss.length - 1] ?? NaN,
    earlyMaxMb,
    lateMaxMb,
    grew: lateMaxMb - earlyMaxMb > GROWTH_TOLERANCE_MB,
    requests,
    errors,
  };
}

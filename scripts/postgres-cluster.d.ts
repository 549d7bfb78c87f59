// Types for postgres-cluster.js, for the TypeScript that starts a throwaway server (the benchmark).
export interface PostgresCluster {
  /** Connects as the superuser `postgres` over TCP on 127.0.0.1. */
  readonly url: string;
  readonly version: string;
  readonly port: number;
  readonly dataDir: string;
  /** Shuts the server down and deletes its files; also done on exit and on Ctrl-C. */
  stop(): Promise<void>;
}

export function startPostgresCluster(): Promise<PostgresCluster>;

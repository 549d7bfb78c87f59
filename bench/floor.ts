// The "floor": a bare node:http server answering each benchmarked path with
// fixed bytes held in memory: the body and the headers the app sent for it
// (node:http adds Date, Connection and Keep-Alive to both). It does no routing
// beyond one Map lookup, so it marks the best a Node HTTP server can do with
// the same responses.
//
// Usage: node --import tsx bench/floor.ts <manifest.json>
// Env: PORT (default 0), HOST (default 127.0.0.1).
// Prints {"level":"info","msg":"listening","url":...} once listening.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export interface FloorEntry {
  readonly path: string;
  /** The app's response headers as [name, value, name, value, …], without those node:http adds itself. */
  readonly headers: readonly string[];
  readonly bodyBase64: string;
}

interface Fixed {
  readonly headers: readonly string[];
  readonly body: Buffer;
}

function load(manifestPath: string): Map<string, Fixed> {
  const entries = JSON.parse(readFileSync(manifestPath, 'utf8')) as FloorEntry[];
  const routes = new Map<string, Fixed>();
  for (const entry of entries) {
    const body = Buffer.from(entry.bodyBase64, 'base64');
    routes.set(entry.path, { body, headers: entry.headers });
  }
  return routes;
}

function main(): void {
  const manifestPath = process.argv[2];
  if (!manifestPath) throw new Error('usage: floor.ts <manifest.json>');
  const routes = load(manifestPath);
  const notFound = Buffer.from('not found\n');

  const server = createServer((req, res) => {
    const fixed = routes.get(req.url ?? '');
    if (fixed) {
      res.writeHead(200, fixed.headers as string[]);
      res.end(fixed.body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': String(notFound.length) });
      res.end(notFound);
    }
  });

  const host = process.env.HOST ?? '127.0.0.1';
  server.listen(Number(process.env.PORT ?? 0), host, () => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('unexpected server address');
    process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'listening', url: `http://${host}:${address.port}` })}\n`);
  });

  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

main();

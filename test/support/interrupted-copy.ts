// Run as a process: `node --import tsx test/support/interrupted-copy.ts FROM_URL TO_URL BATCH TABLE ROWS`
// copies a site as migrate-db does and kills itself with SIGKILL (kill -9) once ROWS rows of
// TABLE are committed, so a test can interrupt a copy at a known point and then resume it.
import { parseDatabaseUrl } from '../../src/config.ts';
import { copySite } from '../../src/services/copy-site.ts';

const [fromUrl, toUrl, batch, stopTable, stopRows] = process.argv.slice(2);
if (!fromUrl || !toUrl || !batch || !stopTable || !stopRows) throw new Error('usage: interrupted-copy.ts FROM_URL TO_URL BATCH TABLE ROWS');
await copySite(parseDatabaseUrl(fromUrl), parseDatabaseUrl(toUrl), {
  batchSize: Number(batch),
  listener: {
    progress: (table, done) => {
      if (table === stopTable && done >= Number(stopRows)) process.kill(process.pid, 'SIGKILL');
    },
  },
});
// Reached only if the table never got that far: the test sees exit 0 instead of SIGKILL.

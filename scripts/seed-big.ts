// `npm run seed:big`: a large generated site for benchmarks; see src/cli/seed-big.ts.
import { runSeedBig } from '../src/cli/seed-big.ts';

process.exitCode = await runSeedBig(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabaseLocation, type TestDatabaseLocation } from '../../test/support/database.ts';
import { aJpeg } from '../../test/support/images.ts';
import { runWirepress } from '../../test/support/process.ts';
import { parseStrictXml } from '../../test/support/xml.ts';
import { formatImportProgress } from './wordpress.ts';

const FIXTURE = 'test/fixtures/wordpress/wxr-1.2.xml';

describe('wirepress import wordpress and export wordpress', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirepress-wxr-'));
  let place: TestDatabaseLocation;
  let env: Record<string, string>;
  before(async () => {
    place = await createTestDatabaseLocation();
    env = { DATABASE_URL: place.url, WIREPRESS_PROGRESS: 'always' };
  });
  after(async () => {
    await place.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run prints the summary and writes nothing', async () => {
    const result = await runWirepress(['import', 'wordpress', FIXTURE, '--dry-run'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Dry run of the import from https:\/\/old\.example\.org \(WXR 1\.2\)/);
    assert.match(result.stdout, /\n {2}posts +7 +0 +0\n/);
    assert.match(result.stdout, /Nothing was written\.\n$/);
    const again = await runWirepress(['import', 'wordpress', FIXTURE, '--dry-run'], env);
    assert.match(again.stdout, /\n {2}posts +7 +0 +0\n/, 'the first dry run left nothing behind');
  });

  it('imports, with a progress line and a summary of counts and skipped items; a second run changes nothing', async () => {
    const result = await runWirepress(['import', 'wordpress', FIXTURE], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\d+ items {2}\d+ items\/s {2}100% of 0\.0 MB {2}about 0 s left/);
    assert.match(result.stdout, /Old permalinks: day-and-name\./);
    assert.match(result.stdout, /\n {2}comments +5 +0 +0\n/);
    assert.match(result.stdout, /\n {2}pages +1 +0 +0\n {2}menu items +1 +0 +0\n/);
    assert.match(result.stdout, /\n {2}1 {2}revisions\n/);
    assert.match(result.stdout, /2 authors were added as users without a password/);
    const again = await runWirepress(['import', 'wordpress', FIXTURE], env);
    assert.match(again.stdout, /\n {2}posts +0 +0 +7\n/);
  });

  it('with the uploads folder, run again, brings its images into the photo library, counted in the progress line and the summary', async () => {
    const uploads = join(dir, 'wp-uploads');
    mkdirSync(join(uploads, '2022/02'), { recursive: true });
    writeFileSync(join(uploads, '2022/02/geneva.jpg'), await aJpeg(640, 400));
    const result = await runWirepress(['import', 'wordpress', FIXTURE, '--uploads', uploads], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\d+ items {2}1 photo {2}\d+ items\/s/);
    assert.match(result.stdout, /\n {2}photos \(into the library\) +1 +0 +0\n/);
    assert.match(result.stdout, /\n {2}posts +0 +7 +0\n/, 'the posts imported before are shown with the photos now');
    const again = await runWirepress(['import', 'wordpress', FIXTURE, '--uploads', uploads], env);
    assert.match(again.stdout, /\n {2}photos \(into the library\) +0 +0 +1\n/);
    assert.match(again.stdout, /\n {2}posts +0 +0 +7\n/);
  });

  it('exports the site as well-formed WXR 1.2 on standard output', async () => {
    const result = await runWirepress(['export', 'wordpress'], env);
    assert.equal(result.code, 0, result.stderr);
    const doc = parseStrictXml(result.stdout);
    assert.ok(doc, 'well-formed');
    assert.match(result.stdout, /<wp:post_name>%d0%b7%d0%b0%d1%8f%d0%b2%d0%bb%d0%b5%d0%bd%d0%b8%d0%b5-%d0%bc%d0%b8%d0%b4<\/wp:post_name>/);
    assert.match(result.stdout, /<wp:category_parent>news<\/wp:category_parent>/);
  });

  it('refuses what it cannot run: no file, a bad structure, an uploads folder that is not one, an attachment outside it', async () => {
    const missing = await runWirepress(['import', 'wordpress', join(dir, 'nope.xml')], env);
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /Cannot read .*nope\.xml: no such file/);
    const structure = await runWirepress(['import', 'wordpress', FIXTURE, '--permalinks', '/%nonsense%/'], env);
    assert.equal(structure.code, 64);
    assert.match(structure.stderr, /--permalinks must be one of plain, day-and-name, month-and-name, numeric, post-name/);
    const notDir = await runWirepress(['import', 'wordpress', FIXTURE, '--uploads', join(dir, 'none')], env);
    assert.equal(notDir.code, 64);
    const uploads = join(dir, 'uploads');
    mkdirSync(uploads);
    const hostile = join(dir, 'hostile.xml');
    const text = readFileSync(FIXTURE, 'utf8').replaceAll('wp-content/uploads/2022/02/geneva.jpg', 'wp-content/uploads/../../../etc/passwd');
    writeFileSync(hostile, text.replaceAll('https://old.example.org', 'https://other.example.org'));
    const refused = await runWirepress(['import', 'wordpress', hostile, '--uploads', uploads, '--dry-run'], env);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(refused.stdout, /1 {2}attachments whose path leads outside the uploads folder/);
  });

  it('stops on a malformed file with its line and column', async () => {
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, '<?xml version="1.0"?>\n<rss>\n<channel>\n<item><title>A</item>\n');
    const result = await runWirepress(['import', 'wordpress', broken], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^The export could not be read: broken\.xml:4:\d+: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack');
  });

  it('shows items done, items per second and the time left', () => {
    assert.equal(formatImportProgress(1_200, 4, 25 * 1_048_576, 100 * 1_048_576), '1,200 items  300 items/s  25% of 100.0 MB  about 12 s left');
    assert.equal(formatImportProgress(1_200, 4, 25 * 1_048_576, 100 * 1_048_576, 35), '1,200 items  35 photos  300 items/s  25% of 100.0 MB  about 12 s left');
  });
});

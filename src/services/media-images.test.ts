import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { UnusableImageError } from '../domain/media.ts';
import { readExifCredits } from '../domain/exif-credits.ts';
import { inspectImage, renderVariant } from './media-images.ts';
import { aJpeg } from '../../test/support/images.ts';

async function refused(bytes: Uint8Array): Promise<UnusableImageError> {
  try {
    await inspectImage(bytes);
  } catch (error) {
    assert.ok(error instanceof UnusableImageError, String(error));
    return error;
  }
  assert.fail('the image was accepted');
}

describe('inspectImage', () => {
  it('reads the type from the bytes and the size with the EXIF orientation applied', async () => {
    const rotated = await aJpeg(400, 200, { orientation: 6 });
    const info = await inspectImage(rotated);
    assert.equal(info.type, 'image/jpeg');
    assert.deepEqual([info.width, info.height], [200, 400]);
    assert.match(info.sha256, /^[0-9a-f]{64}$/);
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00000080' } })
      .png()
      .toBuffer();
    assert.equal((await inspectImage(png)).type, 'image/png');
    const avif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#123456' } })
      .avif()
      .toBuffer();
    assert.equal((await inspectImage(avif)).type, 'image/avif');
  });

  it('refuses SVG, text and other kinds with 415', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const error = await refused(svg);
    assert.equal(error.status, 415);
    assert.match(error.message, /SVG/);
    assert.equal((await refused(Buffer.from('just some text, named photo.jpg'))).status, 415);
    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .tiff()
      .toBuffer();
    assert.equal((await refused(tiff)).status, 415);
  });

  it('refuses a truncated file and a decompression bomb with 422', async () => {
    const whole = await aJpeg(800, 600);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    assert.equal((await refused(cut)).status, 422);
    // 10,000 × 10,000 of one colour: a small PNG that unpacks to 100 megapixels.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    assert.ok(bomb.length < 1_000_000);
    const error = await refused(bomb);
    assert.equal(error.status, 422);
    assert.match(error.message, /megapixels/);
  });

  it('takes CMYK JPEGs, 16-bit PNGs, animated GIFs and transparency, and makes working images of them', async () => {
    const cmyk = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
    const deep = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    assert.equal((await sharp(deep).metadata()).depth, 'ushort');
    const red = await sharp({ create: { width: 32, height: 32, channels: 4, background: '#ff000080' } })
      .png()
      .toBuffer();
    const green = await sharp({ create: { width: 32, height: 32, channels: 4, background: '#00ff00' } })
      .png()
      .toBuffer();
    const animated = await sharp([red, green], { join: { animated: true } })
      .gif()
      .toBuffer();
    assert.equal((await sharp(animated).metadata()).pages, 2);
    const alpha = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    for (const bytes of [cmyk, deep, animated, alpha]) {
      const info = await inspectImage(bytes);
      assert.ok(info.width > 0);
      for (const format of ['jpeg', 'webp', 'avif'] as const) {
        const out = await renderVariant(bytes, { width: 320, format }, { keepCredits: false });
        const meta = await sharp(out).metadata();
        assert.equal(meta.format === 'heif' ? 'avif' : meta.format, format);
        assert.equal(meta.space, 'srgb');
        assert.equal(meta.depth, 'uchar');
      }
    }
  });
});

describe('renderVariant', () => {
  it('strips EXIF, GPS and camera fields, applies the orientation and never upscales', async () => {
    const photo = await aJpeg(1000, 500, { orientation: 6, gps: true, credits: true });
    assert.ok((await sharp(photo).metadata()).exif, 'the fixture carries EXIF');
    const out = await renderVariant(photo, { width: 2048, format: 'jpeg' }, { keepCredits: false });
    const meta = await sharp(out).metadata();
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.iptc, undefined);
    assert.equal(meta.orientation, undefined);
    assert.deepEqual([meta.width, meta.height], [500, 1000], 'turned upright, and not wider than the original');
    assert.ok(!out.includes(Buffer.from('Secret Serial')));
  });

  it('keeps only the photographer and copyright when the site keeps credits', async () => {
    const photo = await aJpeg(600, 400, { gps: true, credits: true });
    const out = await renderVariant(photo, { width: 320, format: 'jpeg' }, { keepCredits: true });
    const meta = await sharp(out).metadata();
    assert.ok(meta.exif);
    assert.deepEqual(readExifCredits(meta.exif), { artist: 'Anna Photographer', copyright: '(C) Wire Agency' });
    assert.ok(!out.includes(Buffer.from('Secret Serial')));
    assert.ok(!out.includes(Buffer.from('GPS')));
  });

  it('makes the share image as a 1200×630 crop', async () => {
    const out = await renderVariant(await aJpeg(3000, 3000), { share: true }, { keepCredits: false });
    const meta = await sharp(out).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 1200, 630]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSizeOf, looksLikeImage, originalUploadName, uploadKeyOf } from './wordpress-uploads.ts';

describe('files of a WordPress uploads folder', () => {
  it('knows the file a size or a scaled copy was made from', () => {
    assert.equal(originalUploadName('2022/02/geneva-1024x768.jpg'), '2022/02/geneva.jpg');
    assert.equal(originalUploadName('2022/02/geneva-scaled.jpg'), '2022/02/geneva.jpg');
    assert.equal(originalUploadName('2022/02/geneva.jpg'), '2022/02/geneva.jpg');
    assert.ok(isSizeOf('geneva-300x225.jpg', 'geneva-scaled.jpg'));
    assert.ok(isSizeOf('geneva.jpg', 'geneva-scaled.jpg'));
    assert.ok(!isSizeOf('geneva-2.jpg', 'geneva.jpg'));
    assert.ok(!isSizeOf('plan-640x480.png', 'plan-300x200.png'), 'a file named like a size has only its own sizes');
    assert.ok(isSizeOf('plan-300x200-150x100.png', 'plan-300x200.png'));
  });

  it('matches addresses by host and path, with or without the host, whatever their scheme', () => {
    const key = uploadKeyOf('https://old.example.org/wp-content/uploads/2022/02/geneva-scaled.jpg', 'old.example.org', 'base');
    assert.equal(uploadKeyOf('http://OLD.example.org/wp-content/uploads/2022/02/geneva-1024x768.jpg', 'x', 'original'), key);
    assert.equal(uploadKeyOf('/wp-content/uploads/2022/02/geneva.jpg', 'old.example.org', 'as-is'), key);
    assert.notEqual(uploadKeyOf('https://elsewhere.example/wp-content/uploads/2022/02/geneva.jpg', 'old.example.org', 'as-is'), key);
    assert.equal(uploadKeyOf('https://old.example.org/2022/02/geneva.jpg', 'old.example.org', 'as-is'), undefined);
    assert.equal(uploadKeyOf('javascript:alert(1)//wp-content/uploads/a.jpg', 'old.example.org', 'as-is'), undefined);
  });

  it('takes only image files for the library, by their name', () => {
    assert.ok(looksLikeImage('a.JPG'));
    assert.ok(looksLikeImage('a.webp'));
    assert.ok(!looksLikeImage('report.pdf'));
    assert.ok(!looksLikeImage('clip.mp4'));
    assert.ok(!looksLikeImage('noextension'));
  });
});

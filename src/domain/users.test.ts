import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOGIN_FAILURE_WINDOW_MS, loginRetryAfterMs } from './accounts.ts';
import { assignableRoles, can, canEditPost, canManageUser, canPublishPost, ROLES, type Role } from './users.ts';

const user = (role: Role, authorId = 1, id = 1) => ({ id, role, authorId });

describe('roles', () => {
  it('lets a contributor write but never publish, even their own post', () => {
    assert.equal(can(user('contributor'), 'write'), true);
    assert.equal(canEditPost(user('contributor', 7), { authorId: 7 }), true);
    assert.equal(canPublishPost(user('contributor', 7), { authorId: 7 }), false);
  });

  it('lets an author publish their own posts only', () => {
    assert.equal(canPublishPost(user('author', 7), { authorId: 7 }), true);
    assert.equal(canPublishPost(user('author', 7), { authorId: 8 }), false);
    assert.equal(canEditPost(user('author', 7), { authorId: 8 }), false);
    assert.equal(can(user('author'), 'moderate_comments'), false);
  });

  it('lets an editor publish and moderate everything but not manage users or settings', () => {
    assert.equal(canPublishPost(user('editor', 7), { authorId: 8 }), true);
    assert.equal(can(user('editor'), 'moderate_comments'), true);
    assert.equal(can(user('editor'), 'manage_users'), false);
    assert.equal(can(user('editor'), 'manage_settings'), false);
  });

  it('lets administrators and the owner manage users and settings', () => {
    for (const role of ['administrator', 'owner'] as const) {
      assert.equal(can(user(role), 'manage_users'), true);
      assert.equal(can(user(role), 'manage_settings'), true);
    }
  });

  it('never lets anyone give the owner role, demote the owner or change their own role', () => {
    assert.ok(!assignableRoles(user('owner')).includes('owner'));
    assert.deepEqual(assignableRoles(user('editor')), []);
    assert.equal(canManageUser(user('administrator', 1, 1), { id: 2, role: 'owner' }), false);
    assert.equal(canManageUser(user('administrator', 1, 1), { id: 1, role: 'administrator' }), false);
    assert.equal(canManageUser(user('administrator', 1, 1), { id: 3, role: 'editor' }), true);
    assert.equal(canManageUser(user('editor', 1, 1), { id: 3, role: 'author' }), false);
  });

  it('ranks every role', () => {
    assert.equal(ROLES.filter((r) => can(user(r), 'write')).length, ROLES.length);
  });
});

describe('login throttling', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

  it('allows nine recent failures and pauses at ten', () => {
    const nine = Array.from({ length: 9 }, (_, i) => minutesAgo(i));
    assert.equal(loginRetryAfterMs(nine, now), 0);
    const ten = [...nine, minutesAgo(10)];
    // The oldest of the ten leaves the 15-minute window in 5 minutes.
    assert.equal(loginRetryAfterMs(ten, now), 5 * 60_000);
  });

  it('forgets failures older than the window, so the pause always ends', () => {
    const old = Array.from({ length: 50 }, (_, i) => minutesAgo(16 + i));
    assert.equal(loginRetryAfterMs(old, now), 0);
    const many = Array.from({ length: 50 }, () => minutesAgo(1));
    assert.ok(loginRetryAfterMs(many, now) <= LOGIN_FAILURE_WINDOW_MS);
  });
});

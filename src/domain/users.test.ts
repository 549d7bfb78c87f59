import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

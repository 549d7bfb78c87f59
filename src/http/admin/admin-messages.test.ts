import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/accounts.ts';
import { MAX_APPLICATION_PASSWORDS_PER_USER } from '../../domain/application-passwords.ts';
import { messagesFor } from '../../i18n/messages.ts';
import { RESET_LINK_NOT_VALID } from '../../services/accounts.ts';
import { MAX_WEBHOOK_ENDPOINTS } from '../../services/webhooks.ts';
import { adminMessage, adminMessages, moderationReason } from './admin-messages.ts';

const ru = messagesFor('ru');
const ar = messagesFor('ar');

describe('the services’ English messages in the admin’s language', () => {
  it('finds each message by its words, and reads the numbers and names back out of it', () => {
    assert.equal(adminMessage('This is not your current password.', ru), 'Это не ваш текущий пароль.');
    assert.equal(
      adminMessage(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, ru),
      `Выберите пароль не короче ${MIN_PASSWORD_LENGTH} символов.`,
    );
    assert.equal(
      adminMessage(`Choose a password of at most ${MAX_PASSWORD_LENGTH} characters.`, ru),
      `Выберите пароль не длиннее ${MAX_PASSWORD_LENGTH} символов.`,
    );
    assert.equal(
      adminMessage(`You have ${MAX_APPLICATION_PASSWORDS_PER_USER} already: revoke one you no longer use first.`, ru),
      `У вас их уже ${MAX_APPLICATION_PASSWORDS_PER_USER}: сначала отзовите тот, которым больше не пользуетесь.`,
    );
    assert.equal(adminMessage('Маша Петрова has already chosen a password.', ru), 'Маша Петрова: пароль уже выбран.');
    assert.equal(
      adminMessage(`A site has at most ${MAX_WEBHOOK_ENDPOINTS} webhooks: remove one first.`, ar),
      `للموقع ${MAX_WEBHOOK_ENDPOINTS} خطافًا على الأكثر: أزل واحدًا أولًا.`,
    );
    assert.equal(adminMessage(RESET_LINK_NOT_VALID, ru), 'Срок действия этой ссылки истёк, или она уже использована. Запросите новую на странице входа.');
  });

  it('passes the reply form’s messages to the reader catalogue, and leaves unknown and English ones as they are', () => {
    assert.equal(adminMessage('Please type your comment.', ru), 'Напишите комментарий.');
    assert.equal(adminMessage('Something no catalogue has.', ru), 'Something no catalogue has.');
    assert.equal(adminMessage('This is not your current password.', messagesFor('en')), 'This is not your current password.');
    assert.deepEqual(adminMessages({ current: 'This is not your current password.', other: 'x' }, ru), { current: 'Это не ваш текущий пароль.', other: 'x' });
  });

  it('why a comment was held, each reason of the log in turn; one it cannot read stays in English', () => {
    assert.equal(
      moderationReason(
        'held: every comment is approved by hand; it has 3 links (a comment with 2 or more is held); it contains the moderation word “крипто”',
        ru,
      ),
      'задержан: все комментарии одобряются вручную; в нём ссылок: 3 (комментарий с 2 и более задерживается); в нём есть слово для модерации «крипто»',
    );
    assert.equal(
      moderationReason('spam: sent 1.5 s after the form was made; the same text went to 2 other article(s) today; a reason from a newer version', ru),
      'спам: отправлен через 1,5 с после создания формы; тот же текст сегодня отправлен ещё к 2 публикациям; a reason from a newer version',
    );
    assert.equal(moderationReason('held: its author has no approved comment yet', messagesFor('en')), 'held: its author has no approved comment yet');
  });
});

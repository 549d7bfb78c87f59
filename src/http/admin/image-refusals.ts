import type { ImageProblem, UnusableImageError } from '../../domain/media.ts';
import type { MessageKey, Messages } from '../../i18n/messages.ts';

const REFUSALS: Record<ImageProblem, MessageKey> = {
  tooManyPixels: 'media.refused.tooManyPixels',
  tooLargeImage: 'media.refused.tooLargeImage',
  svg: 'media.refused.svg',
  notImage: 'media.refused.notImage',
  format: 'media.refused.format',
  noSize: 'media.refused.noSize',
  heic: 'media.refused.heic',
  damaged: 'media.refused.damaged',
};

/** Why an upload was refused, in the editor's language, naming the file when there were several. */
export function imageRefusal(i18n: Messages, error: UnusableImageError): string {
  const reason = i18n.t(REFUSALS[error.problem], error.values);
  return error.fileName === undefined ? reason : i18n.t('media.refusedFile', { file: error.fileName, reason });
}

/** How each light looks: its colour, the antd tag colour and the i18n keys of its words. */
import type { Light } from '../../src/contract/common.ts';
import type { MessageKey } from '../app/i18n.ts';

/** The look of one light. */
export interface LightStyle {
  /** Chart colour; the tag never relies on it alone (icon and word go with it). */
  readonly color: string;
  readonly tagColor: string;
  readonly word: MessageKey;
  readonly long: MessageKey;
}

/** The look of every light. */
export const lightStyles: Record<Light, LightStyle> = {
  green: { color: '#2f9e44', tagColor: 'success', word: 'light.green', long: 'light.green.long' },
  yellow: {
    color: '#f0a202',
    tagColor: 'warning',
    word: 'light.yellow',
    long: 'light.yellow.long',
  },
  red: { color: '#d9363e', tagColor: 'error', word: 'light.red', long: 'light.red.long' },
  done: { color: '#1f6feb', tagColor: 'processing', word: 'light.done', long: 'light.done.long' },
  none: { color: '#9aa0a6', tagColor: 'default', word: 'light.none', long: 'light.none.long' },
};

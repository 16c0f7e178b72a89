/**
 * The bar a window shows while settings.json is broken: which key, what is wrong, that the last
 * good settings stay in force, and a button to the settings page. It goes away by itself once the
 * file is fixed.
 */
import type { SettingsState } from '../shared/settings/settingsMessages';
import { formatProblem } from '../shared/settings/settingsText';
import { el, setText } from './dom';

export class SettingsNotice {
  readonly element: HTMLElement;
  readonly #text = el('span', { className: 'settings-notice-text', testId: 'settings-notice-text' });

  constructor(openSettings: () => void) {
    const open = el('button', {
      className: 'notice-button',
      testId: 'settings-notice-open',
      text: 'Open settings',
      attrs: { type: 'button' },
    });
    open.addEventListener('click', openSettings);
    this.element = el('div', { className: 'settings-notice', testId: 'settings-notice', attrs: { role: 'alert' } }, [
      el('span', { className: 'notice-icon', text: '⚠', attrs: { 'aria-hidden': 'true' } }),
      this.#text,
      open,
    ]);
    this.element.hidden = true;
  }

  update(state: SettingsState): void {
    const first = state.problems[0];
    this.element.hidden = first === undefined;
    if (!first) return;
    const more = state.problems.length > 1 ? ` (and ${state.problems.length - 1} more)` : '';
    setText(
      this.#text,
      `settings.json was not applied: ${formatProblem(first)}${more}. The last good settings stay in force.`,
    );
    this.element.title = state.path;
  }
}

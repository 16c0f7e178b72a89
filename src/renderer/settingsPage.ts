/**
 * The settings page (Ctrl+,): a form for the everyday keys and an editor for the whole file, both
 * writing settings.json through main, which validates and keeps the user's comments. The
 * descriptions come from the zod schema, so the page, the JSON Schema and the file agree.
 *
 * While the file is broken the form is read-only and says why: saving a key would mean writing
 * over a file the user is in the middle of fixing. The editor shows the problems live as you type
 * and saves only a valid file.
 */
import type { SettingsState } from '../shared/settings/settingsMessages';
import { SettingsSchema, type SettingKey, type Settings } from '../shared/settings/settingsSchema';
import { formatProblem, parseSettingsText } from '../shared/settings/settingsText';
import type { HostSettings } from './bridge/host';
import { el, setText } from './dom';

type Field =
  | {
      readonly key: SettingKey;
      readonly label: string;
      readonly kind: 'select';
      readonly options: readonly (readonly [string, string])[];
    }
  | {
      readonly key: SettingKey;
      readonly label: string;
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly step: number;
    }
  | { readonly key: SettingKey; readonly label: string; readonly kind: 'text' | 'checkbox' };

const SECTIONS: ReadonlyArray<readonly [string, readonly Field[]]> = [
  [
    'Appearance',
    [
      {
        key: 'theme',
        label: 'Theme',
        kind: 'select',
        options: [
          ['dark', 'Dark'],
          ['light', 'Light'],
          ['system', 'Follow the system'],
          ['custom', 'Custom (customTheme in the file)'],
        ],
      },
      { key: 'fontFamily', label: 'Font family', kind: 'text' },
      { key: 'fontSize', label: 'Font size', kind: 'number', min: 6, max: 48, step: 1 },
      { key: 'lineHeight', label: 'Line height', kind: 'number', min: 1, max: 3, step: 0.1 },
      {
        key: 'cursorStyle',
        label: 'Cursor',
        kind: 'select',
        options: [
          ['block', 'Block'],
          ['bar', 'Bar'],
          ['underline', 'Underline'],
        ],
      },
      { key: 'cursorBlink', label: 'Blinking cursor', kind: 'checkbox' },
    ],
  ],
  [
    'Terminal',
    [
      { key: 'scrollback', label: 'Scrollback lines', kind: 'number', min: 0, max: 100_000, step: 1000 },
      {
        key: 'bell',
        label: 'Bell',
        kind: 'select',
        options: [
          ['visual', 'Flash'],
          ['sound', 'Sound'],
          ['none', 'None'],
        ],
      },
      { key: 'copyOnSelect', label: 'Copy on select', kind: 'checkbox' },
      {
        key: 'rightClick',
        label: 'Right click',
        kind: 'select',
        options: [
          ['menu', 'Opens the menu'],
          ['paste', 'Pastes'],
        ],
      },
      {
        key: 'linkActivation',
        label: 'Open links',
        kind: 'select',
        options: [
          ['modifierClick', 'Ctrl+click (Cmd+click on macOS)'],
          ['click', 'Click'],
          ['off', 'Never'],
        ],
      },
      { key: 'confirmBeforeClose', label: 'Ask before closing a running program', kind: 'checkbox' },
    ],
  ],
];

function describe(key: SettingKey): string {
  const meta = SettingsSchema.shape[key].meta() as { description?: string } | undefined;
  return meta?.description ?? '';
}

export class SettingsPage {
  readonly #settings: HostSettings;
  readonly #dialog = el('dialog', {
    className: 'settings-page',
    testId: 'settings-page',
    attrs: { 'aria-label': 'Settings' },
  });
  readonly #controls = new Map<SettingKey, HTMLInputElement | HTMLSelectElement>();
  readonly #path = el('code', { className: 'settings-path', testId: 'settings-path' });
  readonly #banner = el('div', { className: 'settings-banner', testId: 'settings-banner', attrs: { role: 'alert' } });
  readonly #result = el('div', {
    className: 'settings-result',
    testId: 'settings-result',
    attrs: { 'aria-live': 'polite' },
  });
  readonly #form = el('div', { className: 'settings-form', testId: 'settings-form' });
  readonly #editor = el('textarea', {
    className: 'settings-editor',
    testId: 'settings-editor',
    attrs: { spellcheck: 'false', 'aria-label': 'settings.json', wrap: 'off' },
  });
  readonly #editorProblems = el('ul', { className: 'settings-problems', testId: 'settings-editor-problems' });
  readonly #saveText = el('button', {
    className: 'dialog-button primary',
    testId: 'settings-save-text',
    text: 'Save file',
    attrs: { type: 'button' },
  });
  readonly #profiles = el('select', { className: 'settings-control', testId: 'setting-defaultProfile' });
  readonly #profileList = el('ul', { className: 'profile-list', testId: 'profile-list' });
  readonly #tabs: { form: HTMLButtonElement; file: HTMLButtonElement };
  readonly #fileView: HTMLElement;
  #editorRevision = 0;
  #editorDirty = false;
  readonly #onClose: () => void;

  constructor(options: { readonly settings: HostSettings; readonly onClose: () => void }) {
    this.#settings = options.settings;
    this.#onClose = options.onClose;
    const tab = (text: string, testId: string): HTMLButtonElement =>
      el('button', { className: 'settings-tab', testId, text, attrs: { type: 'button', role: 'tab' } });
    this.#tabs = { form: tab('Settings', 'settings-tab-form'), file: tab('settings.json', 'settings-tab-file') };
    this.#tabs.form.addEventListener('click', () => this.#showView('form'));
    this.#tabs.file.addEventListener('click', () => this.#showView('file'));
    const close = el('button', {
      className: 'settings-close',
      testId: 'settings-close',
      text: '×',
      attrs: { type: 'button', 'aria-label': 'Close settings', title: 'Close (Escape)' },
    });
    close.addEventListener('click', () => this.close());

    for (const [title, fields] of SECTIONS) {
      this.#form.append(el('h3', { className: 'settings-section', text: title }));
      for (const field of fields) this.#form.append(this.#row(field));
    }
    this.#form.append(el('h3', { className: 'settings-section', text: 'Profiles' }));
    this.#profiles.addEventListener(
      'change',
      () => void this.#set({ defaultProfile: this.#profiles.value === '' ? null : this.#profiles.value }),
    );
    this.#form.append(
      this.#labelled('New tabs run', this.#profiles, describe('defaultProfile')),
      this.#profileList,
      el('p', {
        className: 'settings-hint',
        text: 'Add or change profiles (name, shell, args, cwd, env) in settings.json: the second tab above.',
      }),
    );

    this.#editor.addEventListener('input', () => {
      this.#editorDirty = true;
      this.#checkEditor();
    });
    this.#editor.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 's') {
        event.preventDefault();
        void this.#saveFile();
      }
    });
    this.#saveText.addEventListener('click', () => void this.#saveFile());
    this.#fileView = el('div', { className: 'settings-file', testId: 'settings-file' }, [
      this.#editor,
      el('div', { className: 'settings-file-footer' }, [this.#editorProblems, this.#saveText]),
    ]);

    this.#dialog.append(
      el('header', { className: 'settings-header' }, [
        el('h2', { className: 'settings-title', text: 'Settings' }),
        el('div', { className: 'settings-tabs', attrs: { role: 'tablist' } }, [this.#tabs.form, this.#tabs.file]),
        el('span', { className: 'spacer' }),
        close,
      ]),
      el('p', { className: 'settings-where' }, [
        el('span', { text: 'Saved in ' }),
        this.#path,
        el('span', { text: ', which your editor can change too; changes apply at once to every window.' }),
      ]),
      this.#banner,
      this.#result,
      el('div', { className: 'settings-body' }, [this.#form, this.#fileView]),
    );
    this.#dialog.addEventListener('close', () => {
      this.#dialog.remove();
      this.#onClose();
    });
    this.#settings.onDidChange((state) => this.#update(state));
  }

  get isOpen(): boolean {
    return this.#dialog.open;
  }

  open(): void {
    if (this.isOpen) return;
    document.body.append(this.#dialog);
    this.#editorDirty = false;
    setText(this.#result, '');
    this.#update(this.#settings.state);
    const broken = this.#settings.state.problems.length > 0;
    this.#showView(broken ? 'file' : 'form');
    this.#dialog.showModal();
    // The first thing to change, rather than the tab strip (which showModal would pick).
    (broken ? this.#editor : this.#controls.values().next().value)?.focus();
  }

  close(): void {
    if (this.isOpen) this.#dialog.close();
  }

  #row(field: Field): HTMLElement {
    let control: HTMLInputElement | HTMLSelectElement;
    if (field.kind === 'select') {
      control = el(
        'select',
        { className: 'settings-control' },
        field.options.map(([value, text]) => el('option', { text, attrs: { value } })),
      );
    } else {
      control = el('input', { className: 'settings-control' });
      control.type = field.kind === 'checkbox' ? 'checkbox' : field.kind === 'number' ? 'number' : 'text';
      if (field.kind === 'number') {
        control.min = String(field.min);
        control.max = String(field.max);
        control.step = String(field.step);
      }
    }
    control.dataset['testid'] = `setting-${field.key}`;
    control.addEventListener('change', () => {
      const value =
        control instanceof HTMLInputElement && control.type === 'checkbox'
          ? control.checked
          : control instanceof HTMLInputElement && control.type === 'number'
            ? control.valueAsNumber
            : control.value;
      void this.#set({ [field.key]: value });
    });
    this.#controls.set(field.key, control);
    return this.#labelled(field.label, control, describe(field.key));
  }

  #labelled(label: string, control: HTMLElement, description: string): HTMLElement {
    const id = `setting-${Math.random().toString(36).slice(2)}`;
    control.id = id;
    return el('div', { className: 'settings-row' }, [
      el('label', { className: 'settings-label', text: label, attrs: { for: id } }),
      control,
      el('p', { className: 'settings-description', text: description }),
    ]);
  }

  async #set(changes: Partial<Record<SettingKey, unknown>>): Promise<void> {
    setText(this.#result, 'Saving…');
    const result = await this.#settings.save({ kind: 'set', changes });
    this.#showResult(result.ok ? 'Saved.' : result.message, result.ok);
    // A refused value goes back to what is in force.
    if (!result.ok) this.#update(this.#settings.state);
  }

  async #saveFile(): Promise<void> {
    setText(this.#result, 'Saving…');
    const result = await this.#settings.save({
      kind: 'replace',
      text: this.#editor.value,
      revision: this.#editorRevision,
    });
    if (result.ok) this.#editorDirty = false;
    this.#showResult(result.ok ? 'Saved.' : result.message, result.ok);
  }

  #showResult(text: string, ok: boolean): void {
    setText(this.#result, text);
    this.#result.classList.toggle('error', !ok);
  }

  #showView(view: 'form' | 'file'): void {
    this.#form.hidden = view !== 'form';
    this.#fileView.hidden = view !== 'file';
    this.#tabs.form.setAttribute('aria-selected', String(view === 'form'));
    this.#tabs.file.setAttribute('aria-selected', String(view === 'file'));
  }

  #update(state: SettingsState): void {
    setText(this.#path, state.path);
    const broken = state.problems.length > 0;
    this.#banner.hidden = !broken;
    this.#banner.replaceChildren(
      el('strong', { text: 'settings.json has errors, so it is not applied; the last good settings stay in force.' }),
      el(
        'ul',
        {},
        state.problems.map((problem) => el('li', { text: formatProblem(problem) })),
      ),
      el('span', {
        text: 'Fix them in the settings.json tab (or in your editor). Until then this form does not change the file.',
      }),
    );
    for (const [key, control] of this.#controls) {
      const value = (state.settings as Settings)[key];
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
      else control.value = String(value);
      control.disabled = broken;
    }
    this.#profiles.replaceChildren(
      el('option', { text: 'Your login shell', attrs: { value: '' } }),
      ...state.settings.profiles.map((profile) => el('option', { text: profile.name, attrs: { value: profile.name } })),
    );
    this.#profiles.value = state.settings.defaultProfile ?? '';
    this.#profiles.disabled = broken;
    this.#profileList.replaceChildren(
      ...state.settings.profiles.map((profile) =>
        el('li', {}, [
          el('strong', { text: profile.name }),
          el('code', { text: [profile.shell, ...profile.args].join(' ') }),
        ]),
      ),
    );
    // The editor follows the file unless the user is in the middle of changing it.
    if (!this.#editorDirty) {
      this.#editor.value = state.text ?? '';
      this.#editorRevision = state.revision;
      this.#checkEditor();
    } else if (state.revision !== this.#editorRevision) {
      this.#showResult(
        'settings.json changed on disk while you were editing; saving now would be refused. Copy your changes, then close and reopen.',
        false,
      );
    }
  }

  #checkEditor(): void {
    const parsed = parseSettingsText(this.#editor.value);
    const problems = parsed.ok ? [] : parsed.problems;
    this.#editorProblems.replaceChildren(
      ...(problems.length === 0
        ? [el('li', { className: 'ok', text: 'No problems.' })]
        : problems.map((problem) => el('li', { className: 'error', text: formatProblem(problem) }))),
    );
    this.#saveText.disabled = problems.length > 0;
  }
}

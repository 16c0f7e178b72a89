/**
 * The settings file, read and watched in main (the Electron main process, or web mode's server):
 * the one place that reads `settings.json`, keeps the settings in force, and writes the file when
 * the settings page asks.
 *
 * - A good file is in force as soon as it is saved (the folder is watched, so an editor that saves
 *   by renaming a new file over the old one is seen too).
 * - A broken file (not JSON, a wrong type, an unknown key or theme) is reported with its problems
 *   and the last good settings stay in force. The store never writes over it: a `set` from the page
 *   is refused until it is fixed, and a `replace` is written only if its own text is valid.
 * - Writes keep the user's comments (edits go into the text), go to a temporary file renamed over
 *   the old one (an editor never sees half a file), and follow a symlinked settings file (dotfiles).
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Emitter, type Event } from '../../shared/event';
import { DEFAULT_SETTINGS, settingsJsonSchema, type Settings } from '../../shared/settings/settingsSchema';
import {
  MAX_SETTINGS_BYTES,
  type SettingsSaveRequest,
  type SettingsSaveResult,
  type SettingsState,
} from '../../shared/settings/settingsMessages';
import {
  editSettingsText,
  formatProblem,
  parseSettingsText,
  type SettingsProblem,
} from '../../shared/settings/settingsText';
import type { ConfigPaths } from './configPaths';
import { defaultSettingsText } from './defaultSettingsText';

/**
 * Editors save in steps (truncate and write, or write a temporary file and rename it), each one a
 * watch event; reading once 50 ms after the last event sees the finished file, and is still
 * immediate to a person.
 */
export const WATCH_DEBOUNCE_MS = 50;

/** Owner read/write/search only: the folder also holds web mode's token. */
const CONFIG_DIR_MODE = 0o700;

export interface SettingsStoreOptions {
  readonly paths: Pick<ConfigPaths, 'dir' | 'settings' | 'schema'>;
  /** The home folder: a profile's `cwd` of `~` or `~/…` starts there. */
  readonly home: string;
  /** Write a commented default file when there is none (the app does; a test may not). Default true. */
  readonly createDefault?: boolean;
  /** Where a failure that has no one to answer goes (the watcher broke, the folder is read-only). */
  readonly log?: (message: string) => void;
  readonly debounceMs?: number;
}

type ReadResult =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly message: string };

export class SettingsStore {
  readonly #options: SettingsStoreOptions;
  readonly #log: (message: string) => void;
  readonly #onDidChange = new Emitter<SettingsState>();
  #state: SettingsState;
  #watcher: FSWatcher | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Reads and writes run one at a time, in order. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** A new state of the settings (in force, file text, problems); not fired when nothing changed. */
  readonly onDidChange: Event<SettingsState> = this.#onDidChange.event;

  private constructor(options: SettingsStoreOptions) {
    this.#options = options;
    this.#log = options.log ?? ((message) => console.warn(`sluice settings: ${message}`));
    this.#state = { settings: DEFAULT_SETTINGS, path: options.paths.settings, text: null, problems: [], revision: 0 };
  }

  /** Creates the folder (and a default file and the schema beside it), reads the file, starts watching. */
  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const store = new SettingsStore(options);
    await store.#prepare();
    await store.reload();
    store.#watch();
    return store;
  }

  get state(): SettingsState {
    return this.#state;
  }

  get settings(): Settings {
    return this.#state.settings;
  }

  /** Reads the file again (the watcher calls this; so may anyone who knows it changed). */
  reload(): Promise<void> {
    return this.#serial(async () => this.#apply(await this.#read()));
  }

  /** Carries out a change from the settings page; writes only a valid file, and never over a broken one. */
  save(request: SettingsSaveRequest): Promise<SettingsSaveResult> {
    return this.#serial(async () => {
      const current = await this.#read();
      if (current.kind === 'unreadable') return refused(`the settings file cannot be read: ${current.message}`, []);
      const text = current.kind === 'text' ? current.text : null;
      let next: string;
      if (request.kind === 'set') {
        if (text !== null) {
          const parsed = parseSettingsText(text);
          if (!parsed.ok) {
            this.#apply(current);
            return refused(
              `settings.json has errors, so it was not changed; fix ${describe(parsed.problems)} first`,
              parsed.problems,
            );
          }
        }
        next = editSettingsText(text ?? defaultSettingsText(), request.changes);
      } else {
        if (request.revision !== this.#state.revision || text !== this.#state.text) {
          this.#apply(current);
          return refused(
            'settings.json changed on disk since the editor loaded it; your text is still in the editor: compare and save again',
            [],
          );
        }
        next = request.text;
      }
      const parsed = parseSettingsText(next);
      if (!parsed.ok) return refused(`not saved: ${describe(parsed.problems)}`, parsed.problems);
      if (Buffer.byteLength(next) > MAX_SETTINGS_BYTES) return refused('not saved: the text is over 1 MiB', []);
      try {
        await this.#write(next);
      } catch (error) {
        return refused(`could not write ${this.#options.paths.settings}: ${errorMessage(error)}`, []);
      }
      this.#apply({ kind: 'text', text: next });
      return { ok: true };
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#onDidChange.dispose();
  }

  async #prepare(): Promise<void> {
    const { dir, settings, schema } = this.#options.paths;
    try {
      await mkdir(dir, { recursive: true, mode: CONFIG_DIR_MODE });
      // Ours, always rewritten to match this version; only when it differs, to leave mtimes alone.
      const schemaText = `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
      const old = await readFile(schema, 'utf8').catch(() => null);
      if (old !== schemaText) await writeFile(schema, schemaText);
      // `wx`: created only if absent, atomically; an existing file, good or broken, is never touched.
      if (this.#options.createDefault !== false) {
        await writeFile(settings, defaultSettingsText(), { flag: 'wx' }).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        });
      }
    } catch (error) {
      // A read-only home or a full disk: the defaults apply, and the app still works.
      this.#log(`could not prepare ${dir}: ${errorMessage(error)}`);
    }
  }

  #watch(): void {
    const { dir, settings } = this.#options.paths;
    const name = basename(settings);
    try {
      this.#watcher = watch(dir, { persistent: false }, (_event, filename) => {
        // Some platforms give no name; then any change in the folder may be ours.
        if (filename === null || String(filename) === name) this.#schedule();
      });
      this.#watcher.on('error', (error) => this.#log(`watching ${dir} stopped: ${errorMessage(error)}`));
    } catch (error) {
      this.#log(`cannot watch ${dir}; changes apply after a restart: ${errorMessage(error)}`);
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.reload().catch((error: unknown) => this.#log(`reading the settings failed: ${errorMessage(error)}`));
    }, this.#options.debounceMs ?? WATCH_DEBOUNCE_MS);
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<ReadResult> {
    const path = this.#options.paths.settings;
    try {
      const info = await stat(path);
      if (!info.isFile()) return { kind: 'unreadable', message: 'it is not a file' };
      if (info.size > MAX_SETTINGS_BYTES)
        return { kind: 'unreadable', message: `it is over 1 MiB (${info.size} bytes)` };
      return { kind: 'text', text: await readFile(path, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'unreadable', message: errorMessage(error) };
    }
  }

  /** Makes what was read the state: settings in force, or problems with the last good settings kept. */
  #apply(read: ReadResult): void {
    if (this.#closed) return;
    const old = this.#state;
    let next: SettingsState;
    if (read.kind === 'missing') {
      // No file is no mistake: every default.
      next = { ...old, settings: DEFAULT_SETTINGS, text: null, problems: [] };
    } else if (read.kind === 'unreadable') {
      next = { ...old, problems: [{ key: '', message: `the file cannot be read: ${read.message}` }] };
    } else {
      const parsed = parseSettingsText(read.text);
      next = parsed.ok
        ? { ...old, settings: this.#expand(parsed.settings), text: read.text, problems: [] }
        : { ...old, text: read.text, problems: [...parsed.problems] };
    }
    if (next.text !== old.text) next = { ...next, revision: old.revision + 1 };
    if (
      next.revision === old.revision &&
      JSON.stringify(next.problems) === JSON.stringify(old.problems) &&
      next.settings === old.settings
    ) {
      return;
    }
    this.#state = next;
    this.#onDidChange.fire(next);
  }

  /** `~` in a profile's folder is the home folder: the service spawns with a real path. */
  #expand(settings: Settings): Settings {
    const home = this.#options.home;
    return {
      ...settings,
      profiles: settings.profiles.map((profile) => {
        const cwd = profile.cwd;
        if (cwd === undefined || (cwd !== '~' && !cwd.startsWith('~/'))) return profile;
        return { ...profile, cwd: cwd === '~' ? home : join(home, cwd.slice(2)) };
      }),
    };
  }

  async #write(text: string): Promise<void> {
    const path = this.#options.paths.settings;
    // Through a symlink to where the file really lives, so the link (a dotfiles repo) stays a link.
    const target = await realpath(path).catch(() => path);
    const mode = await stat(target).then(
      (info) => info.mode & 0o777,
      () => undefined,
    );
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await writeFile(temporary, text, mode === undefined ? {} : { mode });
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

function refused(message: string, problems: readonly SettingsProblem[]): SettingsSaveResult {
  return { ok: false, message, problems: [...problems] };
}

function describe(problems: readonly SettingsProblem[]): string {
  const first = problems[0];
  if (!first) return 'the file';
  return problems.length === 1 ? formatProblem(first) : `${formatProblem(first)} (and ${problems.length - 1} more)`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

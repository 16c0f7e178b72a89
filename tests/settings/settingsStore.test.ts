/**
 * The settings file in main: read at start, watched, a broken file reported and survived (and never
 * written over), and the settings page's writes. Real files in a temporary folder; each test waits
 * for the store's own change event, never for a fixed time.
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configPaths, type ConfigPaths } from '../../src/main/settings/configPaths';
import { defaultSettingsText } from '../../src/main/settings/defaultSettingsText';
import { SettingsStore } from '../../src/main/settings/settingsStore';
import type { SettingsState } from '../../src/shared/settings/settingsMessages';

let root: string;
let paths: ConfigPaths;
const stores: SettingsStore[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sluice-settings-'));
  paths = configPaths({ platform: 'linux', env: { XDG_CONFIG_HOME: join(root, 'config') }, home: join(root, 'home') });
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(root, { recursive: true, force: true });
});

async function open(options: { createDefault?: boolean } = {}): Promise<SettingsStore> {
  const store = await SettingsStore.open({ paths, home: '/home/ann', log: () => {}, ...options });
  stores.push(store);
  return store;
}

/** A settings file in place before the store opens. */
function seed(text: string): void {
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(paths.settings, text);
}

/** The next change event for which `until` holds. */
function nextState(store: SettingsStore, until: (state: SettingsState) => boolean): Promise<SettingsState> {
  return new Promise((resolve) => {
    const subscription = store.onDidChange((state) => {
      if (!until(state)) return;
      subscription.dispose();
      resolve(state);
    });
  });
}

describe('SettingsStore', () => {
  it('creates the folder (0700), a commented default file and the schema beside it', async () => {
    const store = await open();
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(paths.settings, 'utf8')).toBe(defaultSettingsText());
    expect(JSON.parse(readFileSync(paths.schema, 'utf8'))).toMatchObject({ title: 'Sluice settings' });
    expect(store.state).toMatchObject({ path: paths.settings, problems: [], settings: { theme: 'dark' } });
  });

  it('applies a saved change; reports a broken file by key and keeps the last good settings; recovers', async () => {
    const store = await open();
    let changed = nextState(store, (state) => state.settings.fontSize === 20);
    writeFileSync(paths.settings, '{ "fontSize": 20 }');
    expect((await changed).problems).toEqual([]);

    const broken = '{ "fontSize": "big", "theme": "light" }';
    changed = nextState(store, (state) => state.problems.length > 0);
    writeFileSync(paths.settings, broken);
    const state = await changed;
    expect(state.problems[0]).toMatchObject({ key: 'fontSize', message: 'expected a number, got "big"', line: 1 });
    expect(state.settings).toMatchObject({ fontSize: 20, theme: 'dark' });
    expect(state.text).toBe(broken);

    // A `set` from the settings page is refused and the broken file stays exactly as it was.
    const result = await store.save({ kind: 'set', changes: { fontSize: 12 } });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('fontSize') });
    expect(readFileSync(paths.settings, 'utf8')).toBe(broken);

    changed = nextState(store, (state) => state.problems.length === 0);
    writeFileSync(paths.settings, '{ "fontSize": 16, "theme": "light" }');
    expect((await changed).settings).toMatchObject({ fontSize: 16, theme: 'light' });
  });

  it('sees an editor that saves by renaming a new file over the old one', async () => {
    const store = await open();
    const changed = nextState(store, (state) => state.settings.bell === 'none');
    const temporary = join(paths.dir, 'settings.json~new');
    writeFileSync(temporary, '{ "bell": "none" }');
    renameSync(temporary, paths.settings);
    await changed;
  });

  it('a deleted file means the defaults', async () => {
    const store = await open();
    let changed = nextState(store, (state) => state.settings.fontSize === 9);
    writeFileSync(paths.settings, '{ "fontSize": 9 }');
    await changed;
    changed = nextState(store, (state) => state.text === null);
    rmSync(paths.settings);
    expect((await changed).settings.fontSize).toBe(14);
  });

  it('writes a change from the page into the file, keeping its comments, and applies it', async () => {
    seed('{\n  // mine\n  "fontSize": 13\n}\n');
    const store = await open();
    expect(await store.save({ kind: 'set', changes: { fontSize: 15, theme: 'light' } })).toEqual({ ok: true });
    const text = readFileSync(paths.settings, 'utf8');
    expect(text).toContain('// mine');
    expect(store.settings).toMatchObject({ fontSize: 15, theme: 'light' });
    // The watcher sees our own write, and finds nothing new.
    expect(store.state.text).toBe(text);
  });

  it('refuses a change that would make the file invalid, and writes nothing', async () => {
    const store = await open();
    const before = readFileSync(paths.settings, 'utf8');
    const result = await store.save({ kind: 'set', changes: { theme: 'neon' } });
    expect(result).toMatchObject({ ok: false, problems: [{ key: 'theme' }] });
    expect(readFileSync(paths.settings, 'utf8')).toBe(before);
  });

  it('replaces the text from the editor only at the revision it was loaded from, and only when valid', async () => {
    const store = await open();
    const revision = store.state.revision;
    expect(await store.save({ kind: 'replace', text: '{ "fontSize": 1 }', revision })).toMatchObject({ ok: false });
    expect(await store.save({ kind: 'replace', text: '{ "fontSize": 17 }', revision })).toEqual({ ok: true });
    expect(store.settings.fontSize).toBe(17);
    // Stale: the file has moved on since `revision`.
    expect(await store.save({ kind: 'replace', text: '{ "fontSize": 18 }', revision })).toMatchObject({
      ok: false,
      message: expect.stringContaining('changed on disk'),
    });
    expect(readFileSync(paths.settings, 'utf8')).toBe('{ "fontSize": 17 }');
  });

  it('a broken file at start is reported, with the defaults in force, and never rewritten', async () => {
    seed('{ "theme": }');
    const store = await open();
    expect(store.state.problems[0]?.message).toContain('not valid JSON');
    expect(store.settings.theme).toBe('dark');
    expect(readFileSync(paths.settings, 'utf8')).toBe('{ "theme": }');
  });

  it('writes through a symlinked settings file, leaving the link a link', async () => {
    mkdirSync(paths.dir, { recursive: true });
    const real = join(root, 'dotfiles-settings.json');
    writeFileSync(real, '{}');
    symlinkSync(real, paths.settings);
    const store = await open();
    expect(await store.save({ kind: 'set', changes: { fontSize: 19 } })).toEqual({ ok: true });
    expect(lstatSync(paths.settings).isSymbolicLink()).toBe(true);
    expect(readlinkSync(paths.settings)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8'))).toEqual({ fontSize: 19 });
  });

  it('expands "~" in a profile folder to the home folder', async () => {
    seed(
      '{ "profiles": [{ "name": "a", "shell": "/bin/sh", "cwd": "~/src" }, { "name": "b", "shell": "/bin/sh", "cwd": "~" }] }',
    );
    const store = await open();
    expect(store.settings.profiles.map((profile) => profile.cwd)).toEqual(['/home/ann/src', '/home/ann']);
  });
});

/**
 * The settings schema and the JSONC text around it: what a file means, what each mistake says,
 * and edits that keep comments. Small example tables, as the rest of the pure tests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFileText, SCHEMA_FILE } from '../../src/main/settings/writeSchema';
import { DEFAULT_SETTINGS, defaultProfileOf, settingsJsonSchema } from '../../src/shared/settings/settingsSchema';
import { SettingsSaveRequestSchema } from '../../src/shared/settings/settingsMessages';
import { editSettingsText, formatProblem, parseSettingsText } from '../../src/shared/settings/settingsText';
import { appearanceOf, LIGHT_THEME, resolveTheme } from '../../src/shared/settings/themes';
import { DARK_THEME } from '../../src/shared/terminal/palette';
import { defaultSettingsText } from '../../src/main/settings/defaultSettingsText';

function problems(text: string): string[] {
  const result = parseSettingsText(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(formatProblem);
}

describe('parseSettingsText', () => {
  it('reads an empty file, and an empty object, as every default', () => {
    expect(parseSettingsText('')).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(parseSettingsText('  // nothing yet\n{}\n')).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('reads comments and trailing commas (JSONC), with defaults for what is left out', () => {
    const result = parseSettingsText('{\n  // big\n  "fontSize": 18, /* and light */ "theme": "light",\n}\n');
    expect(result.ok && result.settings).toMatchObject({
      fontSize: 18,
      theme: 'light',
      bell: 'visual',
      scrollback: 10_000,
    });
  });

  it('the default file the app writes is valid and says what it says', () => {
    const result = parseSettingsText(defaultSettingsText());
    expect(result.ok).toBe(true);
    expect(result.ok && result.settings.$schema).toBe('./settings.schema.json');
  });

  it.each([
    ['{"fontSize": "big"}', 'fontSize (line 1, column 2): expected a number, got "big"'],
    [
      '{\n  "theme": "solarized"\n}',
      'theme (line 2, column 3): expected one of "dark", "light", "system", "custom"; got "solarized"',
    ],
    ['{"fontSize": 2}', 'fontSize (line 1, column 2): must be at least 6; got 2'],
    ['{"scrollback": 1.5}', 'scrollback (line 1, column 2): expected an int, got 1.5'],
    ['{"fontsize": 12}', 'fontsize (line 1, column 2): unknown setting (did you mean "fontSize"?)'],
    ['{"bell": true}', 'bell (line 1, column 2): expected one of "visual", "sound", "none"; got true'],
    [
      '{"customTheme": {"background": "black"}}',
      'customTheme.background (line 1, column 18): must be a colour written #rrggbb, e.g. "#1e1e1e"',
    ],
    ['{"profiles": [{"name": "x"}]}', 'profiles[0].shell: expected a string, got nothing'],
    [
      '{"profiles": [{"name": "a", "shell": "/bin/sh"}], "defaultProfile": "b"}',
      'defaultProfile (line 1, column 51): no profile is called "b"; the profiles are "a"',
    ],
    [
      '{"profiles": [{"name": "a", "shell": "/bin/sh"}, {"name": "a", "shell": "/bin/bash"}]}',
      'profiles[1].name (line 1, column 51): another profile is already called "a"; names must differ',
    ],
  ])('%s is refused: %s', (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  it.each([
    ['{"fontSize": 12', 'not valid JSON: expected "}"'],
    ['{"fontSize" 12}', 'not valid JSON: expected ":" after the key'],
    ['[1, 2]', 'the file must hold one object ({ … }), not a list'],
    ['"dark"', 'the file must hold one object ({ … }), not a string ("dark")'],
  ])('a file that is not an object of settings (%s) is refused as a whole', (text, message) => {
    expect(problems(text)[0]).toContain(message);
  });

  it('a "__proto__" key is a plain unknown key, not a way into the prototype', () => {
    expect(problems('{"__proto__": {"fontSize": 30}}')).toEqual(['__proto__ (line 1, column 2): unknown setting']);
  });
});

describe('editSettingsText', () => {
  it('sets and removes keys, keeping comments and the rest of the layout', () => {
    const text = '{\n  // my font\n  "fontSize": 14,\n  "bell": "sound" // loud\n}\n';
    const edited = editSettingsText(text, { fontSize: 16, theme: 'light', bell: null });
    expect(edited).toContain('// my font');
    expect(edited).toContain('"fontSize": 16');
    expect(edited).toContain('"theme": "light"');
    expect(edited).not.toContain('"bell"');
    const result = parseSettingsText(edited);
    expect(result.ok && [result.settings.fontSize, result.settings.theme, result.settings.bell]).toEqual([
      16,
      'light',
      'visual',
    ]);
  });

  it('starts an empty file as an object', () => {
    expect(JSON.parse(editSettingsText('', { fontSize: 20 }))).toEqual({ fontSize: 20 });
  });
});

describe('themes', () => {
  it.each([
    ['dark', true, DARK_THEME],
    ['light', true, LIGHT_THEME],
    ['system', true, DARK_THEME],
    ['system', false, LIGHT_THEME],
  ] as const)('%s with a system that prefers dark=%s', (theme, dark, expected) => {
    expect(resolveTheme({ theme, customTheme: undefined }, dark)).toBe(expected);
  });

  it('a custom theme fills what it leaves out from its base, and its chrome follows its background', () => {
    const theme = resolveTheme(
      { theme: 'custom', customTheme: { base: 'light', background: '#002b36', red: '#dc322f', selection: '#073642' } },
      true,
    );
    expect(theme).toMatchObject({
      background: '#002b36',
      cursorAccent: '#002b36',
      red: '#dc322f',
      selectionBackground: '#073642',
      green: LIGHT_THEME.green,
    });
    expect(appearanceOf(theme)).toBe('dark');
    expect(appearanceOf(LIGHT_THEME)).toBe('light');
  });
});

describe('the JSON Schema', () => {
  it('is the committed schemas/settings.schema.json (run `npm run schema` after changing the zod schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaFileText());
  });

  it('describes every key, its default, and no other keys', () => {
    const schema = settingsJsonSchema() as {
      properties: Record<string, { default?: unknown }>;
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['theme']?.default).toBe('dark');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['fontFamily', 'profiles', 'linkActivation']),
    );
  });
});

describe('messages', () => {
  it('a save names known keys only', () => {
    expect(SettingsSaveRequestSchema.safeParse({ kind: 'set', changes: { fontSize: 3 } }).success).toBe(true);
    expect(SettingsSaveRequestSchema.safeParse({ kind: 'set', changes: { $schema: 'x' } }).success).toBe(false);
    expect(SettingsSaveRequestSchema.safeParse({ kind: 'set', changes: { nope: 1 } }).success).toBe(false);
  });

  it('the default profile is the named one, or none (the login shell)', () => {
    const profiles = [
      { name: 'a', shell: '/bin/sh', args: [], env: {} },
      { name: 'b', shell: '/bin/bash', args: [], env: {} },
    ];
    expect(defaultProfileOf({ ...DEFAULT_SETTINGS, profiles, defaultProfile: 'b' })?.shell).toBe('/bin/bash');
    expect(defaultProfileOf({ ...DEFAULT_SETTINGS, profiles })).toBeNull();
  });
});

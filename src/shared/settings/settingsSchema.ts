/**
 * The settings file's schema: one zod schema from which the TypeScript types, the defaults, the
 * validation of `settings.json` (in main, and live in the settings page's editor) and the shipped
 * JSON Schema (`schemas/settings.schema.json`, for editors) all come, so none can drift from another.
 *
 * Every object is strict: an unknown key is an error that names it, because a typo such as
 * `fontsize` silently ignored is the most confusing settings bug there is.
 */
import { z } from 'zod';
import { CURSOR_BLINK, DEFAULT_SCROLLBACK, MAX_SCROLLBACK } from '../terminal/emulation';

/** Fonts that exist on Linux (DejaVu), Windows (Cascadia, Consolas) and macOS (Menlo). */
export const DEFAULT_FONT_FAMILY = "'DejaVu Sans Mono', 'Cascadia Mono', Consolas, Menlo, 'Liberation Mono', monospace";

export const FontSizeLimits = {
  default: 14,
  /** Below 6 px the glyphs are unreadable; above 48 px a laptop screen shows a dozen columns. */
  min: 6,
  max: 48,
} as const;

/** xterm.js multiplies the cell height by this; past 3 a row is mostly gap. */
const MAX_LINE_HEIGHT = 3;
/** Enough for any real font stack; a longer value is a paste accident. */
const MAX_FONT_FAMILY_LENGTH = 512;
/** A name fits in a menu item; 64 characters is already more than one shows. */
const MAX_PROFILE_NAME_LENGTH = 64;
/** More profiles than a menu can usefully offer. */
const MAX_PROFILES = 64;
/** The protocol's own bounds for what reaches execve() (src/shared/protocol.ts ProtocolLimits). */
const MAX_PATH_LENGTH = 4096;
const MAX_ARGS = 256;
const MAX_ENV_ENTRIES = 1024;

const colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb, e.g. "#1e1e1e"')
  .meta({ format: 'color' });

/** No NUL: it would silently cut the C string short in execve(). */
const cString = z
  .string()
  .max(MAX_PATH_LENGTH)
  .regex(/^[^\0]*$/, 'must not contain a NUL character');

export const THEME_NAMES = ['dark', 'light', 'system', 'custom'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** The 16 ANSI colours and the special ones; each optional, taken from `base` when left out. */
export const CustomThemeSchema = z
  .strictObject({
    base: z
      .enum(['dark', 'light'])
      .default('dark')
      .meta({ description: 'The theme whose colours fill in any colour not given here.' }),
    foreground: colour.optional().meta({ description: 'Text.' }),
    background: colour.optional().meta({ description: 'Background.' }),
    cursor: colour.optional().meta({ description: 'The cursor.' }),
    selection: colour.optional().meta({ description: 'The background of selected text.' }),
    black: colour.optional(),
    red: colour.optional(),
    green: colour.optional(),
    yellow: colour.optional(),
    blue: colour.optional(),
    magenta: colour.optional(),
    cyan: colour.optional(),
    white: colour.optional(),
    brightBlack: colour.optional(),
    brightRed: colour.optional(),
    brightGreen: colour.optional(),
    brightYellow: colour.optional(),
    brightBlue: colour.optional(),
    brightMagenta: colour.optional(),
    brightCyan: colour.optional(),
    brightWhite: colour.optional(),
  })
  .meta({ description: 'The colours of the "custom" theme.' });
export type CustomTheme = z.infer<typeof CustomThemeSchema>;

export const ProfileSchema = z
  .strictObject({
    name: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_PROFILE_NAME_LENGTH)
      .meta({ description: 'What the new-tab menu calls it.' }),
    shell: cString.min(1, 'must not be empty').meta({ description: 'The program to run, e.g. "/bin/zsh".' }),
    args: z.array(cString).max(MAX_ARGS).default([]).meta({ description: 'Its arguments, e.g. ["-l"].' }),
    cwd: cString
      .min(1, 'must not be empty')
      .optional()
      .meta({ description: 'Where it starts; "~" is your home folder. Default: your home folder.' }),
    env: z
      .record(
        z
          .string()
          .max(MAX_PATH_LENGTH)
          .regex(/^[^\0=]+$/, 'an environment name must be non-empty and contain neither NUL nor ='),
        cString,
      )
      .refine((env) => Object.keys(env).length <= MAX_ENV_ENTRIES, `at most ${MAX_ENV_ENTRIES} variables`)
      .default({})
      .meta({ description: 'Variables added to (or replacing those of) the environment.' }),
  })
  .meta({ description: 'A program the new-tab menu offers.' });
export type Profile = z.infer<typeof ProfileSchema>;

export const SettingsSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'The JSON Schema editors check this file against.' }),
    fontFamily: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_FONT_FAMILY_LENGTH)
      .default(DEFAULT_FONT_FAMILY)
      .meta({ description: 'A CSS font list; the first one installed is used. Monospace fonts only.' }),
    fontSize: z
      .number()
      .min(FontSizeLimits.min)
      .max(FontSizeLimits.max)
      .default(FontSizeLimits.default)
      .meta({ description: 'In CSS pixels. Zoom (Ctrl+= / Ctrl+-) changes it per window on top of this.' }),
    lineHeight: z
      .number()
      .min(1)
      .max(MAX_LINE_HEIGHT)
      .default(1)
      .meta({ description: 'Row height as a multiple of the font size.' }),
    theme: z.enum(THEME_NAMES).default('dark').meta({
      description:
        '"dark", "light", "system" (follows the system\'s light or dark preference) or "custom" (the colours in "customTheme").',
    }),
    customTheme: CustomThemeSchema.optional(),
    cursorStyle: z.enum(['block', 'bar', 'underline']).default('block').meta({ description: 'The cursor shape.' }),
    cursorBlink: z
      .boolean()
      .default(CURSOR_BLINK)
      .meta({ description: 'A blinking cursor costs a few ms of keystroke echo (see the README).' }),
    scrollback: z
      .number()
      .int()
      .min(0)
      .max(MAX_SCROLLBACK)
      .default(DEFAULT_SCROLLBACK)
      .meta({ description: 'Lines kept above the screen, in every window and in the session itself.' }),
    bell: z
      .enum(['visual', 'sound', 'none'])
      .default('visual')
      .meta({ description: 'What the bell (BEL, \\a) does: flash the terminal, beep, or nothing.' }),
    copyOnSelect: z
      .boolean()
      .default(false)
      .meta({ description: 'Copy text to the clipboard as soon as it is selected.' }),
    rightClick: z
      .enum(['menu', 'paste'])
      .default('menu')
      .meta({ description: 'What a right click does: open the context menu, or paste.' }),
    linkActivation: z.enum(['modifierClick', 'click', 'off']).default('modifierClick').meta({
      description:
        'How a link opens: "modifierClick" (Ctrl+click, Cmd+click on macOS; a plain click selects), "click", or "off".',
    }),
    confirmBeforeClose: z
      .boolean()
      .default(true)
      .meta({ description: 'Ask before closing a tab or window whose shell is running a program.' }),
    profiles: z
      .array(ProfileSchema)
      .max(MAX_PROFILES)
      .default([])
      .meta({ description: 'Programs the new-tab menu offers besides your login shell.' }),
    defaultProfile: z
      .string()
      .optional()
      .meta({ description: 'The name of the profile a new tab (Ctrl+Shift+T, +) runs. Default: your login shell.' }),
  })
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.profiles.forEach((profile, index) => {
      if (seen.has(profile.name)) {
        context.addIssue({
          code: 'custom',
          path: ['profiles', index, 'name'],
          message: `another profile is already called "${profile.name}"; names must differ`,
        });
      }
      seen.add(profile.name);
    });
    if (settings.defaultProfile !== undefined && !seen.has(settings.defaultProfile)) {
      const names = [...seen].map((name) => `"${name}"`).join(', ');
      context.addIssue({
        code: 'custom',
        path: ['defaultProfile'],
        message: `no profile is called "${settings.defaultProfile}"${names ? `; the profiles are ${names}` : ''}`,
      });
    }
  })
  .meta({ title: 'Sluice settings', description: 'Sluice terminal settings (settings.json, JSON with comments).' });

/** The settings in force: every key filled in. */
export type Settings = z.infer<typeof SettingsSchema>;
/** What a settings file may hold: every key optional. */
export type SettingsInput = z.input<typeof SettingsSchema>;
export type SettingKey = Exclude<keyof Settings, '$schema'>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * The JSON Schema editors check `settings.json` against. Draft 7: the draft every JSON editor
 * (VS Code, JetBrains, the YAML/JSON language servers) supports in full. `allowComments` and
 * `allowTrailingCommas` are VS Code's schema keywords for "this is JSONC": without them it flags
 * every comment in a file named settings.json outside its own folders.
 */
export function settingsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SettingsSchema, { io: 'input', target: 'draft-7' }),
    allowComments: true,
    allowTrailingCommas: true,
  };
}

/** The profile a new tab runs when none is named: the default profile, or null for the login shell. */
export function defaultProfileOf(settings: Settings): Profile | null {
  return settings.profiles.find((profile) => profile.name === settings.defaultProfile) ?? null;
}

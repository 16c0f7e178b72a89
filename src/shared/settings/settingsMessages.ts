/**
 * What main (or web mode's server) and a window say to each other about settings, whichever the
 * transport (Electron IPC, or web mode's `/host` WebSocket): the state of the settings file, a
 * request to change it, and the answer. Schemas first, types derived, as in protocol.ts: every
 * message is validated where it arrives.
 */
import { z } from 'zod';
import { SettingsSchema, type SettingKey } from './settingsSchema';

/** The largest settings file read or written: far above any real one, so a mistake is clear. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

export const SettingsProblemSchema = z.strictObject({
  key: z.string(),
  message: z.string(),
  line: z.number().int().min(1).optional(),
  column: z.number().int().min(1).optional(),
});

/** The settings file as main last read it, and the settings in force. */
export const SettingsStateSchema = z.strictObject({
  /** In force: the file's, or the last good ones while the file is broken, or the defaults. */
  settings: SettingsSchema,
  /** The settings file's path, to show the user where it is. */
  path: z.string(),
  /** The file's text as last read; null when there is no file (or it could not be read). */
  text: z.string().max(MAX_SETTINGS_BYTES).nullable(),
  /** Why the file's text is not in force; empty when it is. */
  problems: z.array(SettingsProblemSchema),
  /** Counts every change of the file's text, so a save can tell whether it edited the latest. */
  revision: z.number().int().min(0),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

const settingKeys = Object.keys(SettingsSchema.shape).filter((key) => key !== '$schema') as [
  SettingKey,
  ...SettingKey[],
];

/**
 * A change the settings page asks for:
 * - `set`: these top-level keys to these values (`null` removes a key: back to its default),
 *   edited into the file with its comments kept; refused while the file has errors;
 * - `replace`: the whole text, from the page's editor, if the file is still at `revision`.
 * Either way main validates the result and writes nothing that is not valid.
 */
export const SettingsSaveRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('set'),
    changes: z.partialRecord(z.enum(settingKeys), z.unknown()),
  }),
  z.strictObject({
    kind: z.literal('replace'),
    text: z.string().max(MAX_SETTINGS_BYTES),
    revision: z.number().int().min(0),
  }),
]);
export type SettingsSaveRequest = z.infer<typeof SettingsSaveRequestSchema>;

export const SettingsSaveResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), message: z.string(), problems: z.array(SettingsProblemSchema) }),
]);
export type SettingsSaveResult = z.infer<typeof SettingsSaveResultSchema>;

// --- web mode's `/host` socket: one JSON text frame per message ---------------------------------

/** A save's id: the page picks it, and the server's `saved` answer carries it back. */
const SaveIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Page → server. */
export const HostRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('saveSettings'),
    id: SaveIdSchema,
    request: SettingsSaveRequestSchema,
  }),
  /** The page's `prefers-color-scheme`: the mirror answers colour queries for "system" with it. */
  z.strictObject({ type: z.literal('colorScheme'), dark: z.boolean() }),
]);
export type HostRequest = z.infer<typeof HostRequestSchema>;

/** Server → page. */
export const HostEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('settings'), state: SettingsStateSchema }),
  z.strictObject({
    type: z.literal('saved'),
    id: SaveIdSchema,
    result: SettingsSaveResultSchema,
  }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
export type HostEvent = z.infer<typeof HostEventSchema>;

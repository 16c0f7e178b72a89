/**
 * The settings file Sluice writes when there is none: short, commented, and pointing at the schema
 * (written beside it), so that an editor completes and checks every key from the first edit.
 */
import { DEFAULT_SETTINGS } from '../../shared/settings/settingsSchema';

export const SCHEMA_REFERENCE = './settings.schema.json';

export function defaultSettingsText(): string {
  const d = DEFAULT_SETTINGS;
  return `// Sluice settings: JSON with comments. Saved changes apply at once to every window.
// A mistake is reported in the app, naming the key, and the last good settings stay in force.
// Every key, with its default and meaning, is in settings.schema.json beside this file; editors
// that read "$schema" (VS Code and most others) complete and check what you type.
// The settings page (Ctrl+,) edits this same file and keeps your comments.
{
  "$schema": "${SCHEMA_REFERENCE}",
  "theme": "${d.theme}", // "dark", "light", "system" or "custom" (with "customTheme")
  "fontSize": ${d.fontSize},
  "scrollback": ${d.scrollback},
  "bell": "${d.bell}", // "visual", "sound" or "none"
  // New tabs offer each profile; "defaultProfile" names the one Ctrl+Shift+T opens.
  // "profiles": [{ "name": "zsh", "shell": "/bin/zsh", "args": ["-l"], "cwd": "~" }],
  // "defaultProfile": "zsh"
}
`;
}

/**
 * `npm run schema`: writes `schemas/settings.schema.json` from the zod schema. The file is
 * committed so that editors and people can read it without building anything; a test
 * (tests/settings/settingsSchema.test.ts) fails when it no longer matches the schema.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { settingsJsonSchema } from '../../shared/settings/settingsSchema';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schemas/settings.schema.json', import.meta.url));

export function schemaFileText(): string {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

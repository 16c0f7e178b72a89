#!/usr/bin/env node
// `npm run scan`: Electronegativity (Doyensec's static checker for Electron apps) over src/.
// Exits 1 if any finding is above "note", or if a file could not be parsed (it would go
// unscanned). "note" is Electronegativity's own SARIF level for a finding it marks "review
// required" (a use of openExternal, a preload script, ...): it says where to look, not that
// something is wrong. Every other finding is a "warning" and fails the scan. Where its static
// analysis cannot follow the code, the finding's line carries an `eng-disable` comment, with the
// reason on the line above.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Electronegativity 1.10.3 makes two web requests through `got`: updated translations on every
// run (dist/locales/i18n.js) and Electron's release list from GitHub (the check excluded below).
// The scan must not depend on, or wait for, a host outside the package registry, so its `got`
// answers "nothing new" (404) without a request, and the translations shipped in the package are
// used. The version is pinned in package.json: re-check this on an upgrade.
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const gotPath = createRequire(i18nModule).resolve('got');
const offline = () => Promise.resolve({ statusCode: 404, body: '', headers: {} });
offline.default = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

const run = require('@doyensec/electronegativity');

// Without a package.json in the scanned folder it cannot tell the Electron version (some checks
// depend on it): give it ours.
const { devDependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const result = await run({
  input: path.join(root, 'src'),
  isRelative: true,
  isVerbose: true,
  customScan: [],
  // Compares our Electron version with the release list it downloads (see above); Electron's
  // security advisories reach us through `npm audit` instead.
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  parserPlugins: [],
  electronVersionOverride: devDependencies.electron,
});

const level = (issue) => (issue.manualReview ? 'note' : 'warning');
for (const issue of result.issues) {
  const where = `src/${issue.file}:${issue.location.line}:${issue.location.column}`;
  console.log(`${level(issue)}  ${issue.id}  ${where}  ${issue.description}`);
}
const unparsed = result.errors.filter((error) => !error.tolerable);
for (const error of unparsed) console.log(`error  could not parse ${error.file}: ${error.message}`);

const above = result.issues.filter((issue) => level(issue) !== 'note').length;
const notes = result.issues.length - above;
console.log(
  `electronegativity: ${above} findings above note, ${notes} notes, ${unparsed.length} files not parsed ` +
    `(${result.globalChecks + result.atomicChecks} checks)`,
);
process.exit(above > 0 || unparsed.length > 0 ? 1 : 0);

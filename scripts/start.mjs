#!/usr/bin/env node
// `npm start`: build and run the desktop app (`electron-vite preview`), but first make sure there
// is an Electron binary to run. `npm ci` does not fetch it: electron 45's package has no install
// script and downloads the binary only when `require('electron')` runs, which electron-vite never
// does. electron-vite looks for the binary itself ($ELECTRON_EXEC_PATH, else
// node_modules/electron/path.txt naming a file under node_modules/electron/dist/) and, when it is
// not there, fails with a bare "Error: Electron uninstall" stack trace. Here that becomes one line
// saying what is missing and the command that fetches it (which needs the network).
// Arguments are passed on to electron-vite (e.g. `npm start -- --skipBuild`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What fetches the binary: electron's own installer (also its `install-electron` bin). */
const FETCH = 'node node_modules/electron/install.js';

/** Why there is no binary to run, or undefined if there is one (the checks electron-vite makes). */
function missingBinary() {
  const execPath = process.env.ELECTRON_EXEC_PATH;
  if (execPath) {
    return existsSync(execPath)
      ? undefined
      : `ELECTRON_EXEC_PATH names ${execPath}, which does not exist; unset it, or fetch the binary with: ${FETCH}`;
  }
  let electronDir;
  try {
    electronDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed; run: npm ci';
  }
  const show = (file) => path.relative(root, file) || '.';
  const pathFile = path.join(electronDir, 'path.txt');
  const dist = path.join(electronDir, 'dist');
  if (!existsSync(pathFile)) {
    return `the Electron binary is not installed (${show(dist)} is missing); fetch it with: ${FETCH}`;
  }
  const binary = path.join(dist, readFileSync(pathFile, 'utf8'));
  if (!existsSync(binary)) {
    return `the Electron binary is not installed (${show(binary)} is missing); fetch it with: ${FETCH}`;
  }
  return undefined;
}

const missing = missingBinary();
if (missing !== undefined) {
  console.error(`sluice: ${missing}`);
  process.exit(1);
}
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const result = spawnSync(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

/**
 * `npm start` (scripts/start.mjs) without an Electron binary: one line that says what is missing
 * and how to fetch it, exit 1, and no electron-vite stack trace. Each case runs the real script in
 * a throwaway project whose node_modules holds stand-ins for the electron package and for
 * electron-vite, so the result does not depend on whether this machine has the binary; one case
 * runs it in this checkout, where no binary can be downloaded.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('scripts/start.mjs');
const FETCH = 'node node_modules/electron/install.js';

let project: string;

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'sluice-start-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(SCRIPT, path.join(project, 'scripts', 'start.mjs'));
  writeFileSync(path.join(project, 'package.json'), '{ "name": "start-test", "type": "module" }\n');
  // electron-vite's stand-in: says how it was called.
  const bin = path.join(project, 'node_modules', 'electron-vite', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'electron-vite.js'),
    "console.log('electron-vite ' + process.argv.slice(2).join(' '));\n",
  );
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

/** The electron package as `npm ci` leaves it: no path.txt, no dist/. */
function installElectronPackage(): string {
  const dir = path.join(project, 'node_modules', 'electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "electron", "version": "45.5.0" }\n');
  return dir;
}

function start(
  cwd: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): { status: number | null; stdout: string; stderr: string } {
  const { ELECTRON_EXEC_PATH: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [path.join(cwd, 'scripts', 'start.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start (scripts/start.mjs)', () => {
  it('without the binary: one line naming what is missing and the fetch command, exit 1', () => {
    installElectronPackage();
    const run = start(project);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(''); // electron-vite never ran
    expect(run.stderr).toBe(
      `sluice: the Electron binary is not installed (node_modules/electron/dist is missing); fetch it with: ${FETCH}\n`,
    );
  });

  it('with path.txt but no executable under dist/: names the missing file', () => {
    const dir = installElectronPackage();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    const run = start(project);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `sluice: the Electron binary is not installed (node_modules/electron/dist/electron is missing); fetch it with: ${FETCH}\n`,
    );
  });

  it('without the electron package at all: asks for npm ci', () => {
    const run = start(project);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('sluice: the electron package is not installed; run: npm ci\n');
  });

  it('with ELECTRON_EXEC_PATH naming nothing: says so', () => {
    installElectronPackage();
    const run = start(project, [], { ELECTRON_EXEC_PATH: path.join(project, 'no-electron') });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `sluice: ELECTRON_EXEC_PATH names ${path.join(project, 'no-electron')}, which does not exist; ` +
        `unset it, or fetch the binary with: ${FETCH}\n`,
    );
  });

  it('with the binary installed: runs electron-vite preview with the given arguments', () => {
    const dir = installElectronPackage();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
    const run = start(project, ['--skipBuild']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('electron-vite preview --skipBuild\n');
    expect(run.status).toBe(0);
  });

  const hasBinary = existsSync(path.resolve('node_modules/electron/path.txt'));
  it.skipIf(hasBinary)('in this checkout, where the binary cannot be downloaded: the one line, exit 1', () => {
    const run = start(path.resolve('.'));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `sluice: the Electron binary is not installed (node_modules/electron/dist is missing); fetch it with: ${FETCH}\n`,
    );
  });
});

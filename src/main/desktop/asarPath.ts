/**
 * Files that run outside Electron's asar support must be read from `app.asar.unpacked`, where
 * electron-builder puts what `asarUnpack` names (see electron-builder.yml). The mirror worker is
 * one: Electron documents asar reads for the main process, not for an ES-module worker thread
 * (workers could not read asar at all until electron/electron#33216; see #22446), so it is
 * unpacked and started from there, which leaves nothing to chance.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

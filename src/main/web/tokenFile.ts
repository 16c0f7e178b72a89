/**
 * Web mode's token, kept in a file (mode 0600) in the config folder, so that the URL a person
 * bookmarked keeps working when `npm run serve` restarts. The token is what hands out a shell:
 * a file that others can read is refused rather than used, as ssh refuses a private key.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { checkToken, newToken } from './webAccess';

/** Owner read and write only. */
const TOKEN_FILE_MODE = 0o600;
/** Owner only: the folder of the token (and the settings). */
const TOKEN_DIR_MODE = 0o700;
/** A token file is one line; anything larger is not one of ours. */
const MAX_TOKEN_FILE_BYTES = 4096;

export interface TokenFileOptions {
  /** Make a new token even if the file holds one (`--new-token`): old URLs stop working. */
  readonly renew?: boolean;
  /** File modes mean nothing on Windows (its ACLs protect the profile folder instead). */
  readonly platform?: NodeJS.Platform;
}

/** The token in `file`, or a new one written there; throws a message a person can act on. */
export async function loadOrCreateToken(file: string, options: TokenFileOptions = {}): Promise<string> {
  const platform = options.platform ?? process.platform;
  if (!options.renew) {
    const existing = await readToken(file, platform);
    if (existing !== undefined) return existing;
  }
  const token = newToken();
  await mkdir(dirname(file), { recursive: true, mode: TOKEN_DIR_MODE });
  // A new file renamed into place: a reader never sees it half-written or with a looser mode.
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  await writeFile(temporary, `${token}\n`, { mode: TOKEN_FILE_MODE });
  await chmod(temporary, TOKEN_FILE_MODE); // the umask may have taken bits from `mode`
  await rename(temporary, file);
  return token;
}

async function readToken(file: string, platform: NodeJS.Platform): Promise<string | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the token file ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!info.isFile() || info.size > MAX_TOKEN_FILE_BYTES) throw new Error(`${file} is not a token file`);
  if (platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(
      `the token file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}), and the token ` +
        `gives a shell: run \`chmod 600 ${file}\`, or start with --new-token`,
    );
  }
  const text = (await readFile(file, 'utf8')).trim();
  try {
    return checkToken(text);
  } catch (error) {
    throw new Error(`${file} holds no valid token (${(error as Error).message}); delete it or start with --new-token`, {
      cause: error,
    });
  }
}

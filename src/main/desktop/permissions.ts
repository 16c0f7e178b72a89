/**
 * Permission requests from web content. Everything is denied except the asynchronous clipboard
 * for our own page's main frame: the page implements Copy and Paste (Ctrl+Shift+C/V) with
 * `navigator.clipboard`, the same code as in web mode, and Electron routes its permission through
 * here. No camera, microphone, notifications, geolocation, HID, serial, etc.
 */

/** `clipboard-read` for paste, `clipboard-sanitized-write` for copy. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-read', 'clipboard-sanitized-write']);

export interface PermissionDetails {
  readonly requestingUrl?: string | undefined;
  readonly isMainFrame: boolean;
}

export function isPermissionGranted(
  permission: string,
  details: PermissionDetails,
  isOurPage: (url: string) => boolean,
): boolean {
  return (
    GRANTED_PERMISSIONS.has(permission) &&
    details.isMainFrame &&
    details.requestingUrl !== undefined &&
    isOurPage(details.requestingUrl)
  );
}

/** For `session.setPermissionRequestHandler`. */
export function permissionRequestHandler(
  isOurPage: (url: string) => boolean,
): (contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void {
  return (_contents, permission, callback, details) => callback(isPermissionGranted(permission, details, isOurPage));
}

/** The parts of a `WebContents` the check handler reads. */
export interface PermissionContents {
  getURL(): string;
}

/**
 * For `session.setPermissionCheckHandler`: the synchronous "is it granted?" queries agree with the
 * requests. A check may come without `requestingUrl`; the asking webContents' page stands in then.
 */
export function permissionCheckHandler(
  isOurPage: (url: string) => boolean,
): (
  contents: PermissionContents | null,
  permission: string,
  requestingOrigin: string,
  details: PermissionDetails,
) => boolean {
  return (contents, permission, _origin, details) =>
    isPermissionGranted(
      permission,
      { ...details, requestingUrl: details.requestingUrl ?? contents?.getURL() },
      isOurPage,
    );
}

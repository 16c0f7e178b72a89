/**
 * Who may talk to main over IPC: only the main frame of a window Sluice created, while it shows
 * Sluice's own page. A frame inside the page, a page that somehow navigated elsewhere, or any
 * other webContents (DevTools, a future webview) is refused. Electron objects come in through
 * these structural types, so the check runs under plain Node with stand-ins.
 */

/** The parts of Electron's `WebFrameMain` the check reads. */
export interface FrameLike {
  readonly url: string;
  /** Null for a main (top-level) frame. */
  readonly parent: object | null;
  readonly processId: number;
  readonly routingId: number;
  /** The frame left the frame tree (navigated away, being torn down). */
  readonly detached: boolean;
  isDestroyed(): boolean;
}

/** The parts of an `IpcMainInvokeEvent` the check reads. */
export interface SenderLike<Frame extends FrameLike = FrameLike> {
  readonly sender: { readonly id: number; readonly mainFrame: FrameLike };
  /** Null when the frame navigated or was destroyed before the message was handled. */
  readonly senderFrame: Frame | null;
}

export interface SenderPolicy {
  /** The webContents id belongs to a window Sluice created. */
  isOurWindow(contentsId: number): boolean;
  isOurPage(url: string): boolean;
}

export type SenderVerdict<Frame> =
  { readonly ok: true; readonly frame: Frame } | { readonly ok: false; readonly reason: string };

function sameFrame(a: FrameLike, b: FrameLike): boolean {
  // Electron hands out one wrapper per frame, but the ids are what identify a frame for certain.
  return a === b || (a.processId === b.processId && a.routingId === b.routingId);
}

export function checkSender<Frame extends FrameLike>(
  event: SenderLike<Frame>,
  policy: SenderPolicy,
): SenderVerdict<Frame> {
  const frame = event.senderFrame;
  if (!policy.isOurWindow(event.sender.id)) return { ok: false, reason: 'sender is not a Sluice window' };
  if (!frame || frame.isDestroyed() || frame.detached) return { ok: false, reason: 'sender frame is gone' };
  if (frame.parent !== null || !sameFrame(frame, event.sender.mainFrame)) {
    return { ok: false, reason: 'sender is not the main frame' };
  }
  if (!policy.isOurPage(frame.url)) return { ok: false, reason: 'sender frame does not show the Sluice page' };
  return { ok: true, frame };
}

/** A request refused by main; the page sees the message through the rejected `invoke`. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

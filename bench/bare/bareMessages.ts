/**
 * What the bare page sends its server: JSON text frames, `{type: 'input', data}` or
 * `{type: 'resize', cols, rows}`. The server answers with the PTY's output as plain text frames.
 * Shared by the server (Node) and the page (DOM): no imports.
 */
export type BareInput =
  | { readonly type: 'input'; readonly data: string }
  | { readonly type: 'resize'; readonly cols: number; readonly rows: number };

/** The message, or undefined for anything else (the bare server ignores it). */
export function parseBareInput(text: string): BareInput | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message['type'] === 'input' && typeof message['data'] === 'string')
    return { type: 'input', data: message['data'] };
  const { cols, rows } = message;
  if (message['type'] === 'resize' && Number.isInteger(cols) && Number.isInteger(rows)) {
    return { type: 'resize', cols: cols as number, rows: rows as number };
  }
  return undefined;
}

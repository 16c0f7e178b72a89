/**
 * DOM or WebGL renderer. WebGL is the fast path on a real GPU, but under a software rasteriser
 * (SwiftShader, llvmpipe: what Chromium falls back to in VMs, CI and remote desktops) it measured
 * ~4× slower than xterm's DOM renderer here. So the page asks WebGL2 what it runs on before using it.
 */

export type RendererKind = 'webgl' | 'dom';

export interface RendererChoice {
  readonly kind: RendererKind;
  /** The GL renderer string that decided it, or why WebGL was not tried. */
  readonly reason: string;
}

/** Renderer strings of software GL implementations (Chromium, Mesa, Windows' fallback). */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render|gdi generic/i;

let cached: RendererChoice | undefined;

/** The choice for this page, probed once: every terminal of a window runs on the same GPU. */
export function chooseRenderer(): RendererChoice {
  cached ??= probe();
  return cached;
}

function probe(): RendererChoice {
  const canvas = document.createElement('canvas');
  // failIfMajorPerformanceCaveat lets a browser refuse a context it knows would be slow; Chromium
  // still hands out SwiftShader with it (checked here), so the renderer string below decides.
  const gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true });
  if (!gl) return { kind: 'dom', reason: 'no hardware WebGL2 context' };
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    // Without the extension (Firefox has retired it) RENDERER is the unmasked string already.
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    if (renderer === '' || SOFTWARE_GL.test(renderer))
      return { kind: 'dom', reason: `software GL: ${renderer || 'unknown'}` };
    return { kind: 'webgl', reason: renderer };
  } finally {
    // Give the probe's context back at once: Chromium allows only ~16 live WebGL contexts per page.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/**
 * The bell's sound: a short, soft tone made with Web Audio, so there is no sound file to ship and
 * nothing to load. One AudioContext for the page, made on first use (browsers allow it to start
 * only after the user has interacted with the page, which a terminal user has).
 */

/** An A5 for 120 ms at a tenth of full scale: audible, short, not startling (GNOME's bell is similar). */
const TONE_HZ = 880;
const TONE_MS = 120;
const TONE_GAIN = 0.1;

let context: AudioContext | undefined;

export function beep(): void {
  try {
    context ??= new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = TONE_HZ;
    const now = context.currentTime;
    gain.gain.setValueAtTime(TONE_GAIN, now);
    // Fade out rather than stop dead: a cut-off tone clicks.
    gain.gain.exponentialRampToValueAtTime(0.0001, now + TONE_MS / 1000);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + TONE_MS / 1000);
  } catch (error) {
    // No audio device, or audio blocked: the bell is a courtesy, never a failure.
    console.warn('sluice: the bell could not sound:', error);
  }
}

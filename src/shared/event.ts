/**
 * A tiny typed event, in the style of VS Code's `Event<T>`: an event is a function that takes a
 * listener and returns a way to remove it. Objects expose `readonly onX: Event<T>` properties and
 * keep the `Emitter` private, so only the owner can fire.
 */

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    // Wrap so that the same function may be added twice and removed once per registration.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return { dispose: () => this.#listeners.delete(entry) };
  };

  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  fire(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }

  dispose(): void {
    this.#listeners.clear();
  }
}

/**
 * What the terminals of a mirror worker say while they parse (answers to queries, title changes,
 * bells), gathered per session and handed out when its slice of parsing ends, as at most one
 * message of each kind: the answers joined in order, the title changes as one ordered list, one
 * bell. A storm (100 000 titles in 1 MiB of output, a MiB of BEL, 20 000 DA1 queries) was
 * otherwise as many messages to the service's thread, and stalled every session's echo there for
 * seconds (tests/hostile: title-storm, bell-storm, query-storm).
 *
 * Nothing is lost that anyone could see: titles set one after another collapse to the last (one
 * replaced within a slice, a few ms, was never on screen), but a push or a pop between them stays,
 * in order, for the service's title stack; bells within a slice are one ring (the service rings
 * at most every 200 ms anyway).
 */
import type { TitleOp } from '../titleTracker';
import type { FromMirror } from './mirrorMessages';

interface Said {
  readonly replies: string[];
  readonly titles: TitleOp[];
  bell: boolean;
}

export class SliceEvents {
  readonly #said = new Map<number, Said>();

  reply(id: number, data: string): void {
    this.#of(id).replies.push(data);
  }

  /** OSC 0/2 set a title, or (`restored`) CSI 23 t popped one. */
  title(id: number, title: string, restored: boolean): void {
    const { titles } = this.#of(id);
    if (!restored && titles.at(-1)?.kind === 'set') titles[titles.length - 1] = { kind: 'set', title };
    else titles.push({ kind: restored ? 'restore' : 'set', title });
  }

  /** CSI 22 t pushed the title. */
  titlePush(id: number): void {
    this.#of(id).titles.push({ kind: 'push' });
  }

  bell(id: number): void {
    this.#of(id).bell = true;
  }

  /** The messages for what session `id` said since the last take, and forgets it. */
  take(id: number): FromMirror[] {
    const said = this.#said.get(id);
    if (!said) return [];
    this.#said.delete(id);
    const messages: FromMirror[] = [];
    if (said.replies.length > 0) messages.push({ op: 'reply', id, data: said.replies.join('') });
    if (said.titles.length > 0) messages.push({ op: 'titles', id, ops: said.titles });
    if (said.bell) messages.push({ op: 'bell', id });
    return messages;
  }

  /** The session is gone: what it said and nobody took goes with it. */
  forget(id: number): void {
    this.#said.delete(id);
  }

  #of(id: number): Said {
    let said = this.#said.get(id);
    if (!said) {
      said = { replies: [], titles: [], bell: false };
      this.#said.set(id, said);
    }
    return said;
  }
}

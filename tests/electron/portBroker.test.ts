import { describe, expect, it } from 'vitest';
import { IpcChannel } from '../../src/shared/hostApi';
import { PortBroker, watchPageLifecycle } from '../../src/main/desktop/portBroker';
import { RefusedError } from '../../src/main/desktop/trustedSender';
import { FakeContents, FakeFrame, FakeService, fakeChannel, NONCE, PAGE } from './fakes';

function setup() {
  const service = new FakeService();
  const broker = new PortBroker({
    createChannel: fakeChannel,
    connect: service.connect,
    isOurPage: (url) => url.split('#')[0] === PAGE,
  });
  const contents = new FakeContents();
  watchPageLifecycle(contents, broker);
  return { service, broker, contents };
}

describe('PortBroker.grant', () => {
  it('connects one end to the service and posts the other to the sender frame with the nonce', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    expect(service.connections).toHaveLength(1);
    expect(contents.mainFrame.posted).toHaveLength(1);
    const [post] = contents.mainFrame.posted;
    expect(post?.channel).toBe(IpcChannel.port);
    expect(post?.message).toEqual({ nonce: NONCE });
    expect(post?.transfer).toHaveLength(1);
    // The page gets the partner of the port the service speaks on.
    expect(post?.transfer[0]?.name.replace('page', 'main')).toBe(service.connections[0]?.port.name);
    expect(broker.connectionCount).toBe(1);
  });

  it('accepts our page with an attach hash', () => {
    const { broker, contents } = setup();
    contents.mainFrame.url = `${PAGE}#attach=3`;
    broker.grant(contents.event(), NONCE);
    expect(contents.mainFrame.posted).toHaveLength(1);
  });

  const refusals: Array<[string, (contents: FakeContents) => ReturnType<FakeContents['event']>]> = [
    ['a window Sluice did not create', () => new FakeContents().event()],
    ['a subframe of our window', (c) => c.event(new FakeFrame(PAGE, c.mainFrame))],
    ['a top-level frame that is not the main frame of the sender', (c) => c.event(new FakeFrame(PAGE))],
    [
      'a main frame showing a foreign page',
      (c) => c.event(Object.assign(c.mainFrame, { url: 'https://evil.example/' })),
    ],
    [
      'a main frame showing another local file',
      (c) => c.event(Object.assign(c.mainFrame, { url: 'file:///tmp/index.html' })),
    ],
    ['a frame that is already gone (null)', (c) => c.event(null)],
    ['a destroyed frame', (c) => c.event(Object.assign(c.mainFrame, { destroyed: true }))],
    ['a detached frame', (c) => c.event(Object.assign(c.mainFrame, { detached: true }))],
  ];
  for (const [name, makeEvent] of refusals) {
    it(`refuses ${name} and changes nothing`, () => {
      const { service, broker, contents } = setup();
      const event = makeEvent(contents);
      expect(() => broker.grant(event, NONCE)).toThrow(RefusedError);
      expect(service.connections).toHaveLength(0);
      expect(contents.mainFrame.posted).toHaveLength(0);
      expect(event.senderFrame?.posted ?? []).toHaveLength(0);
    });
  }

  it('closes both ends when the frame disappears between the check and the post', () => {
    const { service, broker, contents } = setup();
    contents.mainFrame.failPost = true;
    expect(() => broker.grant(contents.event(), NONCE)).toThrow(RefusedError);
    expect(service.open).toBe(0);
    expect(broker.connectionCount).toBe(0);
  });

  it('a second request from the same page replaces the first connection', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    broker.grant(contents.event(), NONCE);
    expect(service.connections.map((c) => c.closed)).toEqual([true, false]);
    expect(broker.connectionCount).toBe(1);
  });

  it('keeps windows apart', () => {
    const { service, broker, contents } = setup();
    const other = new FakeContents();
    watchPageLifecycle(other, broker);
    broker.grant(contents.event(), NONCE);
    broker.grant(other.event(), NONCE);
    other.emit('destroyed');
    expect(service.connections.map((c) => c.closed)).toEqual([false, true]);
  });
});

describe('page lifecycle', () => {
  it('a reload closes the old page connection and the new page gets a new port', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.reload();
    expect(service.connections.map((c) => c.closed)).toEqual([true]);
    broker.grant(contents.event(), NONCE);
    expect(service.connections.map((c) => c.closed)).toEqual([true, false]);
    expect(contents.mainFrame.posted).toHaveLength(1);
  });

  it('a new page that asks before the commit is reported keeps its port', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    broker.grant(contents.event(), NONCE); // the new document, racing the commit event
    contents.emit('did-navigate');
    expect(service.connections.map((c) => c.closed)).toEqual([true, false]);
  });

  it('a blocked navigation (started, never committed) keeps the page connection', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(service.open).toBe(1);
  });

  it('hash changes and subframe navigations keep the page connection', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    contents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    contents.emit('did-navigate');
    expect(service.open).toBe(1);
  });

  it('a renderer crash releases the connection; the window may ask again after a reload', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.emit('render-process-gone');
    expect(service.open).toBe(0);
    contents.reload();
    broker.grant(contents.event(), NONCE);
    expect(service.open).toBe(1);
  });

  it('a closed window releases its connection and is no longer trusted', () => {
    const { service, broker, contents } = setup();
    broker.grant(contents.event(), NONCE);
    contents.emit('destroyed');
    expect(service.open).toBe(0);
    expect(broker.isOurWindow(contents.id)).toBe(false);
    expect(() => broker.grant(contents.event(), NONCE)).toThrow(RefusedError);
  });
});

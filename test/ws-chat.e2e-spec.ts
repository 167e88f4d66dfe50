// The /ws JSON protocol end to end (API.md §6): sending with ack after COMMIT, live delivery exactly once
// per connection in seq order, edits, typing, read markers, resume, presence, flood control, scopes and
// every error frame.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AccessTokenGuard } from '../src/auth/access-token.guard.js';
import { EnvelopeInterceptor } from '../src/common/http/envelope.interceptor.js';
import { UnexpectedBodyInterceptor } from '../src/common/http/unexpected-body.interceptor.js';
import { WsPolicyGuard } from '../src/realtime/ws-policy.guard.js';
import { createTestApp, type TestApp } from './helpers/create-app.js';
import { chatClient, insertMessages } from './helpers/chat.js';
import { registerFlashUser, type FlashUser } from './helpers/factories.js';
import { resign } from './helpers/tokens.js';
import { connect, type Frame, type TestSocket } from './helpers/ws-client.js';

describe('/ws chat events', () => {
  let app: TestApp;
  let rest: ReturnType<typeof chatClient>;
  let alice: FlashUser;
  let bob: FlashUser;
  let carol: FlashUser;
  const sockets: TestSocket[] = [];

  const open = async (user: FlashUser, token = user.token): Promise<TestSocket> => {
    const socket = await connect(app.wsUrl, '/ws', { token });
    sockets.push(socket);
    return socket;
  };

  /** A private room of `owner` with the given members. */
  const roomWith = async (owner: FlashUser, ...members: FlashUser[]): Promise<string> => {
    const id = await rest.createRoom(owner.token);
    for (const member of members) await rest.addMember(id, owner.token, member.username);
    return id;
  };

  beforeAll(async () => {
    app = await createTestApp();
    rest = chatClient(app.url);
    [alice, bob, carol] = await Promise.all([1, 2, 3].map(() => registerFlashUser(app.url)));
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await app.close();
  });

  it('acks after storing, then delivers the message to every member connection once, the sender included', async () => {
    const room = await roomWith(alice, bob);
    const [a1, a2, b1, c1] = await Promise.all([open(alice), open(alice), open(bob), open(carol)]);
    a1.emit('message.send', { room_id: room, body: 'hello', client_id: 'c-1' });
    const ack = await a1.next('message.ack');
    expect(ack.data).toEqual({
      client_id: 'c-1',
      id: expect.any(String),
      seq: 1,
      sent_at: expect.any(String),
    });
    const ackIndex = a1.frames.length;
    const own = await a1.next('message');
    expect(a1.frames.length).toBeLessThanOrEqual(ackIndex);
    expect(own.data).toEqual({
      id: ack.data.id,
      room_id: room,
      seq: 1,
      client_id: 'c-1',
      from: { username: alice.username, name: alice.name },
      body: 'hello',
      sent_at: ack.data.sent_at,
      edited_at: null,
      deleted: false,
    });
    expect((await a2.next('message')).data.id).toBe(ack.data.id);
    expect((await b1.next('message')).data.id).toBe(ack.data.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(c1.events('message')).toEqual([]);
    expect([...a1.events('message'), ...a2.events('message'), ...b1.events('message')]).toEqual([]);
  });

  it('sends the ack before the message frame of the same message', async () => {
    const room = await roomWith(alice);
    const socket = await open(alice);
    for (let i = 0; i < 5; i += 1)
      socket.emit('message.send', { room_id: room, body: `m${i}`, client_id: `order-${i}` });
    const frames = (await socket.waitFor(
      (f) => ['message', 'message.ack'].includes((f as Frame).event),
      10,
    )) as Frame[];
    const acks = frames.filter((f) => f.event === 'message.ack');
    const acked = acks.map((ack) => ack.data.client_id as string).sort();
    expect(acked).toEqual([0, 1, 2, 3, 4].map((i) => `order-${i}`));
    for (const ack of acks) {
      const messageAt = frames.findIndex(
        (f) => f.event === 'message' && f.data.client_id === ack.data.client_id,
      );
      // Checked by mutation: acking after the broadcast makes this fail.
      expect(messageAt).toBeGreaterThan(frames.indexOf(ack));
    }
  });

  it('replays an idempotent client_id: the first message back, nothing stored or broadcast twice', async () => {
    const room = await roomWith(alice, bob);
    const [a, b] = await Promise.all([open(alice), open(bob)]);
    a.emit('message.send', { room_id: room, body: 'once', client_id: 'dup' });
    const first = await a.next('message.ack');
    await b.next('message');
    a.emit('message.send', { room_id: room, body: 'once again', client_id: 'dup' });
    const second = await a.next('message.ack');
    expect(second.data).toEqual(first.data);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.events('message')).toEqual([]);
    const history = await rest.get(`/rooms/${room}/messages`, bob.token).expect(200);
    expect(history.body.data).toHaveLength(1);
  });

  it('keeps seq gapless under concurrent senders on several connections, each connection getting each message once in order', async () => {
    const room = await roomWith(alice, bob, carol);
    const senders = await Promise.all([alice, alice, bob, bob, carol, carol].map((user) => open(user)));
    const perSender = 6;
    senders.forEach((socket, s) => {
      for (let i = 0; i < perSender; i += 1)
        socket.emit('message.send', { room_id: room, body: `s${s}-${i}`, client_id: `s${s}-${i}` });
    });
    const total = senders.length * perSender;
    const acks = await Promise.all(
      senders.map((socket) => socket.waitFor((f) => (f as Frame).event === 'message.ack', perSender, 20000)),
    );
    const seqs = acks.flat().map((ack) => (ack as Frame).data.seq as number);
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const socket of senders) {
      const received = (await socket.waitFor(
        (f) => (f as Frame).event === 'message' && (f as Frame).data.room_id === room,
        total,
        20000,
      )) as Frame[];
      expect(received.map((f) => f.data.seq as number)).toEqual(
        Array.from({ length: total }, (_, i) => i + 1),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const socket of senders)
      expect(socket.events('message').filter((f) => f.data.room_id === room)).toHaveLength(total);
  });

  it('announces edits and deletes as message.updated; tombstones have no body', async () => {
    const room = await roomWith(alice, bob);
    const [a, b] = await Promise.all([open(alice), open(bob)]);
    a.emit('message.send', { room_id: room, body: 'draft', client_id: 'e1' });
    const { data: ack } = await a.next('message.ack');
    a.emit('message.edit', { message_id: ack.id, body: 'final' });
    const edited = await b.next('message.updated');
    expect(edited.data.message).toMatchObject({
      id: ack.id,
      body: 'final',
      edited_at: expect.any(String),
      deleted: false,
    });
    b.emit('message.edit', { message_id: ack.id, body: 'hijack' });
    expect((await b.next('error')).data).toMatchObject({ code: 'FORBIDDEN', ref: ack.id });
    a.emit('message.delete', { message_id: ack.id });
    const deleted = await b.next('message.updated');
    expect(deleted.data.message).toMatchObject({ id: ack.id, body: null, deleted: true });
    a.emit('message.edit', { message_id: ack.id, body: 'again' });
    expect((await a.next('error')).data).toMatchObject({ code: 'MESSAGE_DELETED', ref: ack.id });
  });

  it('runs the WS policy guard on every frame, and none of the @HttpOnly global guard and interceptors', async () => {
    const spies = {
      policy: jest.spyOn(WsPolicyGuard.prototype, 'canActivate'),
      accessToken: jest.spyOn(AccessTokenGuard.prototype, 'canActivate'),
      envelope: jest.spyOn(EnvelopeInterceptor.prototype, 'intercept'),
      unexpectedBody: jest.spyOn(UnexpectedBodyInterceptor.prototype, 'intercept'),
    };
    try {
      const room = await roomWith(alice);
      const called = (): Record<string, number> =>
        Object.fromEntries(Object.entries(spies).map(([name, spy]) => [name, spy.mock.calls.length]));
      // The REST call above went through the HTTP ones (the spies see what Nest runs).
      expect(spies.policy).not.toHaveBeenCalled();
      for (const spy of [spies.accessToken, spies.envelope, spies.unexpectedBody])
        expect(spy).toHaveBeenCalled();
      Object.values(spies).forEach((spy) => spy.mockClear());
      const a = await open(alice);
      a.emit('ping');
      await a.next('pong');
      a.emit('message.send', { room_id: room, body: 'guarded', client_id: 'g-1' });
      await a.next('message.ack');
      expect(called()).toEqual({ policy: 2, accessToken: 0, envelope: 0, unexpectedBody: 0 });
    } finally {
      Object.values(spies).forEach((spy) => spy.mockRestore());
    }
  });

  it('relays typing and read markers to members', async () => {
    const room = await roomWith(alice, bob);
    const [a, b] = await Promise.all([open(alice), open(bob)]);
    a.emit('typing', { room_id: room });
    expect((await b.next('typing')).data).toEqual({ room_id: room, username: alice.username });
    a.emit('message.send', { room_id: room, body: 'x', client_id: 'r1' });
    await b.next('message');
    b.emit('read', { room_id: room, seq: 1 });
    expect((await a.next('read')).data).toEqual({ room_id: room, username: bob.username, seq: 1 });
    b.emit('read', { room_id: room, seq: 1.5 });
    expect((await b.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'read' });
  });

  it('resumes exactly the missed messages in seq order', async () => {
    const room = await roomWith(alice, bob);
    const a = await open(alice);
    for (let i = 1; i <= 5; i += 1) {
      a.emit('message.send', { room_id: room, body: `r${i}`, client_id: `res-${i}` });
      await a.next('message.ack');
    }
    const b = await open(bob);
    b.emit('resume', { rooms: { [room]: 2 } });
    const done = await b.next('resume.done');
    expect(done.data).toMatchObject({ truncated_rooms: [], gone_rooms: [] });
    expect(b.events('message').map((f): unknown[] => [f.data.room_id, f.data.seq, f.data.body])).toEqual([
      [room, 3, 'r3'],
      [room, 4, 'r4'],
      [room, 5, 'r5'],
    ]);
  });

  it('resumes at most 500 per room and lists the truncated room', async () => {
    const room = await roomWith(alice, bob);
    await insertMessages(app, room, alice.username, 520);
    const b = await open(bob);
    b.emit('resume', { rooms: { [room]: 10 } });
    const done = await b.next('resume.done', 15000);
    expect(done.data).toMatchObject({ truncated_rooms: [room], gone_rooms: [] });
    const seqs = b.events('message').map((f) => f.data.seq as number);
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 11));
  });

  it('answers resume with invalid data with VALIDATION_FAILED', async () => {
    const b = await open(bob);
    b.emit('resume', { rooms: { x: -1 } });
    expect((await b.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'resume' });
    b.emit('resume', {});
    expect((await b.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'resume' });
  });

  describe('errors', () => {
    it('refuses a blank body, a too long body, a missing client_id with the client_id or event as ref', async () => {
      const room = await roomWith(alice);
      const a = await open(alice);
      a.emit('message.send', { room_id: room, body: '   ', client_id: 'blank' });
      expect((await a.next('error')).data).toEqual({
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        ref: 'blank',
      });
      a.emit('message.send', { room_id: room, body: '😀'.repeat(4001), client_id: 'long' });
      expect((await a.next('error')).data).toEqual({
        code: 'MESSAGE_TOO_LONG',
        message: expect.any(String),
        details: { max: 4000 },
        ref: 'long',
      });
      a.emit('message.send', { room_id: room, body: 'x' });
      expect((await a.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'message.send' });
      a.emit('message.send', { room_id: room, body: 'x', client_id: 'y', extra: 1 });
      expect((await a.next('error')).data).toMatchObject({ code: 'VALIDATION_FAILED', ref: 'y' });
      const history = await rest.get(`/rooms/${room}/messages`, alice.token).expect(200);
      expect(history.body.data).toEqual([]);
      const ok = '😀'.repeat(4000);
      a.emit('message.send', { room_id: room, body: ok, client_id: 'max' });
      expect((await a.next('message.ack')).data.client_id).toBe('max');
    });

    it('answers 404-like NOT_FOUND for private or unknown rooms and NOT_A_MEMBER for public ones', async () => {
      const privateRoom = await roomWith(alice);
      const publicRoom = await rest.createRoom(alice.token, { visibility: 'public' });
      const c = await open(carol);
      c.emit('message.send', { room_id: privateRoom, body: 'x', client_id: 'p' });
      expect((await c.next('error')).data).toMatchObject({ code: 'NOT_FOUND', ref: 'p' });
      c.emit('message.send', { room_id: 'not-a-uuid', body: 'x', client_id: 'u' });
      expect((await c.next('error')).data).toMatchObject({ code: 'NOT_FOUND', ref: 'u' });
      c.emit('message.send', { room_id: publicRoom, body: 'x', client_id: 'pub' });
      expect((await c.next('error')).data).toMatchObject({ code: 'NOT_A_MEMBER', ref: 'pub' });
      c.emit('typing', { room_id: privateRoom });
      expect((await c.next('error')).data).toMatchObject({ code: 'NOT_FOUND', ref: 'typing' });
    });

    it('refuses chat:write events without the scope (INSUFFICIENT_SCOPE) but serves chat:read ones', async () => {
      const room = await roomWith(alice);
      const reader = await open(alice, resign(alice.token, { scope: 'chat:read' }));
      for (const [event, data] of [
        ['message.send', { room_id: room, body: 'x', client_id: 'ro' }],
        ['message.edit', { message_id: room, body: 'x' }],
        ['message.delete', { message_id: room }],
        ['typing', { room_id: room }],
        ['read', { room_id: room, seq: 0 }],
      ] as const) {
        reader.emit(event, data);
        expect((await reader.next('error')).data).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
      }
      reader.emit('resume', { rooms: { [room]: 0 } });
      await reader.next('resume.done');
      reader.emit('ping');
      await reader.next('pong');
      const history = await rest.get(`/rooms/${room}/messages`, alice.token).expect(200);
      expect(history.body.data).toEqual([]);
    });

    it('limits a flood to 20/s with a burst of 40 per user: RATE_LIMITED, nothing stored', async () => {
      const flooder = await registerFlashUser(app.url);
      const room = await roomWith(flooder);
      const [s1, s2] = await Promise.all([open(flooder), open(flooder)]);
      for (let i = 0; i < 35; i += 1) {
        s1.emit('message.send', { room_id: room, body: `f${i}`, client_id: `a${i}` });
        s2.emit('message.send', { room_id: room, body: `f${i}`, client_id: `b${i}` });
      }
      const isAnswer = (f: unknown): boolean => ['message.ack', 'error'].includes((f as Frame).event);
      const answers = [
        ...((await s1.waitFor(isAnswer, 35, 20000)) as Frame[]),
        ...((await s2.waitFor(isAnswer, 35, 20000)) as Frame[]),
      ];
      const limited = answers.filter((f) => f.event === 'error');
      const acked = answers.filter((f) => f.event === 'message.ack');
      expect(limited.length).toBeGreaterThanOrEqual(70 - 40 - 5);
      expect(acked.length).toBeGreaterThanOrEqual(40);
      for (const error of limited)
        expect(error.data).toMatchObject({ code: 'RATE_LIMITED', ref: expect.stringMatching(/^[ab]\d+$/) });
      const history = await rest.get(`/rooms/${room}/messages?limit=200`, flooder.token).expect(200);
      expect(history.body.data).toHaveLength(acked.length);
    });
  });

  it('tells a removed member with room.member_left, then nothing more of that room', async () => {
    const room = await roomWith(alice, bob);
    const [a, b] = await Promise.all([open(alice), open(bob)]);
    await rest.delete(`/rooms/${room}/members/${bob.username}`, alice.token).expect(200);
    expect((await b.next('room.member_left')).data).toEqual({ room_id: room, username: bob.username });
    expect((await a.next('room.member_left')).data).toEqual({ room_id: room, username: bob.username });
    a.emit('message.send', { room_id: room, body: 'after', client_id: 'after' });
    await a.next('message');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.events('message').filter((f) => f.data.room_id === room)).toEqual([]);
    expect(b.events('room.member_left')).toEqual([]);
  });

  it('announces presence to users sharing a room', async () => {
    const dave = await registerFlashUser(app.url);
    await roomWith(alice, dave);
    const a = await open(alice);
    const d = await open(dave);
    expect((await a.next('presence')).data).toEqual({
      username: dave.username,
      online: true,
      last_seen_at: null,
    });
    await d.close();
    const offline = await a.next('presence');
    expect(offline.data).toEqual({
      username: dave.username,
      online: false,
      last_seen_at: expect.any(String),
    });
  });
});

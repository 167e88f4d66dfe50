// Small REST helpers for the rooms API suites.
import request from 'supertest';

export interface Envelope<T = unknown> {
  status: 'Success' | 'Error';
  data?: T;
  error?: { code: string; message: string; details?: unknown };
}

export function chatClient(url: string) {
  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token: string, body?: unknown) => {
    const req = request(url)[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body as object);
  };
  return {
    get: (path: string, token: string) => call('get', path, token),
    post: (path: string, token: string, body?: unknown) => call('post', path, token, body ?? {}),
    patch: (path: string, token: string, body: unknown) => call('patch', path, token, body),
    delete: (path: string, token: string) => call('delete', path, token),
    async createRoom(token: string, body: Record<string, unknown> = {}): Promise<{ id: string }> {
      const response = await call('post', '/rooms', token, { name: 'Room', ...body }).expect(201);
      return (response.body as Envelope<{ id: string }>).data as { id: string };
    },
  };
}

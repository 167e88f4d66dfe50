// The flash API (API.md §2): register/login (tokens without refresh) and the user directory.
import type {
  FlashLoginInput,
  FlashRegisterInput,
  FlashToken,
  Me,
  UserListQuery,
  UserProfile,
  UserSummary,
} from './api-types.js';
import type { HttpTransport } from './http-transport.js';

const family = 'flash';

export class FlashApi {
  constructor(private readonly http: HttpTransport) {}

  register(input: FlashRegisterInput): Promise<FlashToken> {
    return this.http.call('post', '/register', { family, auth: false, body: input }) as Promise<FlashToken>;
  }

  login(input: FlashLoginInput): Promise<FlashToken> {
    return this.http.call('post', '/login', { family, auth: false, body: input }) as Promise<FlashToken>;
  }
}

export class UsersApi {
  constructor(private readonly http: HttpTransport) {}

  /** Ordered by username; page with `after` (the last username of the previous page). */
  list(query: UserListQuery = {}): Promise<UserSummary[]> {
    return this.http.call('get', '/users', { family, query }) as Promise<UserSummary[]>;
  }

  me(): Promise<Me> {
    return this.http.call('get', '/users/me', { family }) as Promise<Me>;
  }

  get(username: string): Promise<UserProfile> {
    return this.http.call('get', '/users/{username}', {
      family,
      params: { username },
    }) as Promise<UserProfile>;
  }
}

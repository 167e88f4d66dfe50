import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { User } from './user.entity.js';
import { EmailTakenError, UsernameTakenError } from './users.errors.js';

export interface NewUser {
  username: string;
  name: string;
  email?: string | null;
  passwordHash: string;
  emailVerifiedAt?: Date | null;
}

export interface UserPageQuery {
  limit: number;
  after?: string;
  q?: string;
}

const UNIQUE_VIOLATION = '23505';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  private repo(manager?: EntityManager): Repository<User> {
    return manager ? manager.getRepository(User) : this.users;
  }

  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    const repo = this.repo(manager);
    try {
      return await repo.save(
        repo.create({
          username: input.username,
          name: input.name,
          email: input.email ?? null,
          passwordHash: input.passwordHash,
          emailVerifiedAt: input.emailVerifiedAt ?? null,
        }),
      );
    } catch (error) {
      throw translateUniqueViolation(error);
    }
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  async isUsernameTaken(username: string): Promise<boolean> {
    return this.users.existsBy({ username: username.toLowerCase() });
  }

  async updatePasswordHash(userId: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id: userId }, { passwordHash });
  }

  async markEmailVerified(userId: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id: userId }, { emailVerifiedAt: at });
  }

  /** Keyset page ordered by username; `q` matches a prefix of the username or the display name. */
  page(query: UserPageQuery): Promise<User[]> {
    const builder = this.users.createQueryBuilder('u').orderBy('u.username', 'ASC').limit(query.limit);
    if (query.after !== undefined)
      builder.andWhere('u.username > :after', { after: query.after.toLowerCase() });
    if (query.q !== undefined && query.q !== '') {
      const prefix = `${escapeLike(query.q.toLowerCase())}%`;
      builder.andWhere('(u.username LIKE :prefix OR lower(u.name) LIKE :prefix)', { prefix });
    }
    return builder.getMany();
  }
}

export function translateUniqueViolation(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const driver = error.driverError as { code?: string; constraint?: string };
  if (driver.code !== UNIQUE_VIOLATION) return error;
  if (driver.constraint === 'UQ_users_username') return new UsernameTakenError();
  if (driver.constraint === 'UQ_users_email') return new EmailTakenError();
  return error;
}

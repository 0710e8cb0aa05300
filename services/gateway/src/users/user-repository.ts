import type { api } from '@copytrade/contracts';
import { type Db, Prisma, type User } from '@copytrade/db';
import { hashPassword } from '../auth/password-hash.ts';
import { conflict } from '../errors/http-error.ts';

/** A user as the API shows it (never the password hash). */
export function toApiUser(user: User): api.User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function createUser(db: Db, input: api.CreateUserBody): Promise<User> {
  try {
    return await db.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict('a user with this email already exists');
    throw error;
  }
}

export function listUsers(db: Db): Promise<User[]> {
  return db.user.findMany({ orderBy: { createdAt: 'asc' } });
}

export function findUser(db: Db, id: string): Promise<User | null> {
  return db.user.findUnique({ where: { id } });
}

export function findUserByEmail(db: Db, email: string): Promise<User | null> {
  return db.user.findUnique({ where: { email } });
}

export function updateUser(db: Db, id: string, changes: api.UpdateUserBody): Promise<User> {
  return db.user.update({ where: { id }, data: changes });
}

/** Disabling keeps the row (its records stay attributable); sessions and keys are refused from now on. */
export function disableUser(db: Db, id: string, at: Date): Promise<User> {
  return db.user.update({ where: { id }, data: { disabledAt: at } });
}

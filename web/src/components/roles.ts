// Roles in words and in order: a manager administers members of at most their own role,
// and grants no role above it (the API refuses the rest; the console does not offer it).
import type { Role } from '../types';

export const roles: Role[] = ['member', 'manager', 'super_admin'];

export const roleName: Record<Role, string> = {
  member: 'Member',
  manager: 'Manager',
  super_admin: 'Super admin',
};

const rank: Record<Role, number> = { member: 0, manager: 1, super_admin: 2 };

export const outranks = (a: Role, b: Role) => rank[a] > rank[b];

export const manages = (role: Role | undefined) => role === 'manager' || role === 'super_admin';

/** Schemas of accounts and sessions: login, the current session, users. */
import { Type, type Static } from 'typebox';
import { CodeString, LineString, Nullable, ReasonString } from './common.ts';

export const RoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('planner'),
  Type.Literal('reviewer'),
  Type.Literal('reporter'),
  Type.Literal('viewer'),
]);

export const LoginBody = Type.Object({
  username: LineString(64, { minLength: 1 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  units: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: 'the units the user acts within, each with its descendants',
  }),
  isActive: Type.Boolean(),
  createdAt: Type.String(),
  lockedUntil: Nullable(Type.String()),
});
export type UserView = Static<typeof UserView>;

export const SessionView = Type.Object({
  user: Nullable(UserView),
  csrfToken: Nullable(
    Type.String({ description: 'send it back as the x-csrf-token header on every write' }),
  ),
  expiresAt: Nullable(Type.String()),
  /** Whether the API can be read without logging in. */
  publicRead: Type.Boolean(),
});
export type SessionView = Static<typeof SessionView>;

export const UserBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[\\p{L}\\p{N}._@-]+$' }),
  password: LineString(1024, { minLength: 10 }),
  displayName: Type.Optional(LineString(100)),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 5 }),
  unitCodes: Type.Optional(Type.Array(CodeString('unit code'), { maxItems: 1000 })),
  email: Type.Optional(
    Type.String({
      maxLength: 254,
      pattern:
        '^[^\\s@\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}]+@[^\\s@\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}]+\\.[^\\s@\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}]+$',
      description: 'where notices are mailed',
    }),
  ),
});
export type UserBody = Static<typeof UserBody>;

export const UserPatchBody = Type.Object({
  displayName: Type.Optional(LineString(100)),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 5 })),
  unitCodes: Type.Optional(Type.Array(CodeString('unit code'), { maxItems: 1000 })),
  isActive: Type.Optional(Type.Boolean()),
  password: Type.Optional(
    LineString(1024, { minLength: 10, description: 'a reset: the user is logged out' }),
  ),
  reason: Type.Optional(ReasonString()),
});
export type UserPatchBody = Static<typeof UserPatchBody>;

// Bearer-token check for the flows API's writes. Both sides are hashed to a fixed length before a constant-time
// compare, so neither the token's content nor its length leaks through timing.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../errors.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** A fresh token for a server started without EDITOR_TOKEN: 32 random bytes, base64url. */
export function generateEditorToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  // Hash even when nothing was presented, so a missing header costs the same as a wrong one.
  const ok = timingSafeEqual(sha256(expected), sha256(presented ?? ''));
  return ok && presented !== undefined && expected.length > 0;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** An onRequest hook: runs before the body is read, so an unauthenticated client cannot make the server parse 2 MB. */
export function requireEditorToken(expected: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (tokenMatches(expected, bearerToken(request.headers.authorization))) return;
    return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized'));
  };
}

// Real HS256 JWTs, signed with node:crypto, for a gateway started with tickwire.auth.hmac-secret=SECRET.

import { createHmac } from 'node:crypto';

export const SECRET = 'tickwire-js-client-test-secret-0123456789';

/**
 * @param {string} subject
 * @param {number} expiresIn seconds from now (negative: expired already)
 * @param {{ symbols?: string[], groups?: string[], publish?: string[] }} grants the token's tickwire claim
 *     (`publish`: the symbols it may publish and define, PROTOCOL.md §4a; left out when not given)
 */
export function token(subject, expiresIn, grants, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    sub: subject, iat: Math.min(now, now + expiresIn - 1), exp: now + expiresIn,
    tickwire: { symbols: grants.symbols ?? [], groups: grants.groups ?? [], ...(grants.publish ? { publish: grants.publish } : {}) },
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

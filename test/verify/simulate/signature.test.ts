import { generateKeyPairSync } from 'crypto';
import { exportJWK, SignJWT } from 'jose';
import { checkSignature, decodeToken } from '../../../lib/verify/simulate';

const jwkOf = async (k: ReturnType<typeof generateKeyPairSync>, kid: string, alg: string) => ({ ...(await exportJWK(k.publicKey)), kid, alg, use: 'sig' });
const sign = (k: ReturnType<typeof generateKeyPairSync>, alg: string, kid?: string) => new SignJWT({ iss: 'https://oidc.example', sub: 's' }).setProtectedHeader(kid ? { alg, kid } : { alg }).sign(k.privateKey);

describe('checkSignature: the clouds\' signature check, synchronous', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  test('GIVEN an RS256 and an ES256 token WHEN checked against their keys THEN verified, naming the key', async () => {
    const keys = [await jwkOf(rsa, 'r', 'RS256'), await jwkOf(ec, 'e', 'ES256')];
    expect(checkSignature(await decodeToken(await sign(rsa, 'RS256', 'r')), keys, 'the JWKS')).toEqual({ kind: 'verified', detail: 'RS256 signature verifies with key "r" of the JWKS' });
    expect(checkSignature(await decodeToken(await sign(ec, 'ES256', 'e')), keys, 'the JWKS').kind).toBe('verified');
  });

  test('GIVEN a token without kid WHEN checked THEN every key of its algorithm is tried (edge)', async () => {
    const keys = [await jwkOf(generateKeyPairSync('rsa', { modulusLength: 2048 }), 'other', 'RS256'), await jwkOf(rsa, 'r', 'RS256')];
    expect(checkSignature(await decodeToken(await sign(rsa, 'RS256')), keys, 'the JWKS')).toEqual({ kind: 'verified', detail: 'RS256 signature verifies with key "r" of the JWKS' });
  });

  test('GIVEN claims only, or no published keys WHEN checked THEN not checked, saying why', async () => {
    expect(checkSignature({ claims: { iss: 'x' } }, [], 'the JWKS')).toEqual({ kind: 'not-checked', detail: 'the token came as claims, not as a signed JWT' });
    expect(checkSignature(await decodeToken(await sign(rsa, 'RS256', 'r')), undefined, 'the JWKS for x').detail).toBe('the issuer\'s keys are not among the artifacts (the JWKS for x)');
  });

  test('GIVEN a token whose kid names an EC key but which is RS256 WHEN checked THEN no key (the key\'s alg must be the token\'s)', async () => {
    const keys = [await jwkOf(ec, 'r', 'ES256')];
    expect(checkSignature(await decodeToken(await sign(rsa, 'RS256', 'r')), keys, 'the JWKS')).toEqual({ kind: 'no-key', detail: 'no key of the JWKS has kid "r" (RS256); published kids: "r"' });
  });
});

import { isCrossfedError } from '../../../lib/model/errors';
import { audiences, decodeToken, kubernetesIdentity, lifetimeSeconds, tokenFromClaims } from '../../../lib/verify/simulate/token';

// jose is an ES module: load it the way lib/ does, with import().
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let jose: Jose;
beforeAll(async () => {
  jose = await import('jose');
});

async function mint(claims: Record<string, unknown>, alg = 'RS256') {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', use: 'sig', alg };
  const jwt = await new jose.SignJWT(claims).setProtectedHeader({ alg, kid: 'k1' }).sign(privateKey);
  return { jwt, jwks: { keys: [jwk] } };
}

async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isCrossfedError(e)) return e.problems[0];
    throw e;
  }
  throw new Error('expected a CrossfedError');
}

const claims = { 'iss': 'https://oidc.example', 'sub': 'system:serviceaccount:data:pipeline', 'aud': 'sts.amazonaws.com', 'iat': 1_800_000_000, 'exp': 1_800_003_600, 'kubernetes.io': { namespace: 'data', serviceaccount: { name: 'pipeline' } } };

describe('tokens', () => {
  test('GIVEN a signed JWT and its JWKS WHEN decoded THEN the claims and header come back verified', async () => {
    const { jwt, jwks } = await mint(claims);
    const t = await decodeToken(jwt, { jwks });
    expect(t).toEqual({ claims, header: { alg: 'RS256', kid: 'k1' }, verified: true, jwt });
  });

  test('GIVEN an expired JWT WHEN decoded with its JWKS THEN it still decodes (expiry is each cloud\'s check)', async () => {
    const { jwt, jwks } = await mint({ ...claims, exp: 1 });
    expect((await decodeToken(jwt, { jwks })).claims.exp).toBe(1);
  });

  test('GIVEN a JWT signed by another key WHEN verified THEN the error names the signature and the fix', async () => {
    const { jwt } = await mint(claims);
    const { jwks } = await mint(claims);
    const p = await problemOf(decodeToken(jwt, { jwks, where: 'token.jwt' }));
    expect(p.where).toBe('token.jwt');
    expect(p.field).toBe('signature');
    expect(p.problem).toMatch(/^does not verify against the JWKS/);
  });

  test('GIVEN a JWT without a JWKS WHEN decoded THEN it is marked unverified', async () => {
    const { jwt } = await mint(claims, 'ES256');
    expect(await decodeToken(`  ${jwt}\n`)).toMatchObject({ verified: false, header: { alg: 'ES256' } });
  });

  test('GIVEN text that is not a JWT WHEN decoded THEN the error says what a JWT is', async () => {
    const p = await problemOf(decodeToken('not-a-jwt'));
    expect(p.field).toBe('token');
    expect(p.allowed).toBe('a compact JWT: three base64url parts separated by "."');
  });

  test.each([
    [[1, 2], 'payload', 'is not a JSON object'],
    [{ iss: 1 }, 'iss', 'is not a string'],
    [{ exp: '1800000000' }, 'exp', 'is not a number'],
    [{ aud: [1] }, 'aud', 'is neither a string nor a list of strings'],
  ])('GIVEN claims %j WHEN read THEN %s %s', (payload, field, problem) => {
    try {
      tokenFromClaims(payload);
      throw new Error('expected an error');
    } catch (e) {
      expect(isCrossfedError(e) && e.problems[0]).toMatchObject({ field, problem });
    }
  });

  test('GIVEN claims WHEN helpers read them THEN audiences, lifetime and the service account come out', () => {
    expect(audiences({ aud: 'a' })).toEqual(['a']);
    expect(audiences({})).toEqual([]);
    expect(lifetimeSeconds({ iat: 10, exp: 70 })).toBe(60);
    expect(lifetimeSeconds({ iat: 10 })).toBe(Infinity);
    expect(lifetimeSeconds({ exp: 10 })).toBeUndefined();
    expect(kubernetesIdentity({ sub: 'system:serviceaccount:a:b' })).toEqual({ namespace: 'a', serviceAccount: 'b' });
    expect(kubernetesIdentity(claims)).toEqual({ namespace: 'data', serviceAccount: 'pipeline' });
    expect(kubernetesIdentity({ sub: 'repo:acme/x:ref:refs/heads/main' })).toBeUndefined();
  });
});

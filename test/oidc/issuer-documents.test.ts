import { createHash, generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { issuerDocuments } from '../../lib/oidc/issuer-documents';
import { cli } from '../cli/helpers';
import { problemOf } from '../model/helpers';

const ISSUER = 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: ReturnType<typeof rsa>) => k.publicKey.export({ format: 'pem', type: 'spki' }).toString();

const failure = (fn: () => unknown) => problemOf(fn);

describe('self-managed issuer documents', () => {
  const key = rsa();

  test('GIVEN an RSA public key WHEN documents are built THEN the discovery document has the exact issuer and the required fields', async () => {
    const docs = issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(key), source: 'sa.pub' }] });
    expect(docs.discovery).toEqual({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(docs.files.map(f => f.path)).toEqual(['.well-known/openid-configuration', 'openid/v1/jwks']);
    expect(docs.apiServerFlags[0]).toBe(`--service-account-issuer=${ISSUER}`);
  });

  test('GIVEN an RSA key WHEN published THEN the JWK has use sig, RS256 and the kid kube-apiserver puts in token headers', async () => {
    const docs = issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(key), source: 'sa.pub' }] });
    const [jwk] = docs.jwks.keys;
    const der = key.publicKey.export({ format: 'der', type: 'spki' });
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB', kid: createHash('sha256').update(der).digest('base64url') });
  });

  test('GIVEN --kid rfc7638 WHEN published THEN kid is the JWK thumbprint', async () => {
    const { calculateJwkThumbprint } = await import('jose');
    const docs = issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(key), source: 'sa.pub' }], keyIdStyle: 'rfc7638' });
    const [jwk] = docs.jwks.keys;
    expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'sha256'));
  });

  test('GIVEN two keys during a rotation WHEN published THEN both are in the JWKS', async () => {
    const next = rsa();
    const docs = issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(key), source: 'old.pub' }, { pem: pem(next), source: 'new.pub' }] });
    expect(docs.jwks.keys).toHaveLength(2);
    expect(new Set(docs.jwks.keys.map(k => k.kid)).size).toBe(2);
  });

  test('GIVEN a token signed with the private key WHEN verified against the published JWKS THEN it verifies; a token of another key does not', async () => {
    const docs = issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(key), source: 'sa.pub' }] });
    const jwks = createLocalJWKSet(JSON.parse(docs.files[1].content));
    const mint = (k: ReturnType<typeof rsa>, kid: string) => new SignJWT({ sub: 'system:serviceaccount:etl:loader' })
      .setProtectedHeader({ alg: 'RS256', kid }).setIssuer(ISSUER).setAudience('sts.amazonaws.com').setIssuedAt().setExpirationTime('1h').sign(k.privateKey);
    const { payload } = await jwtVerify(await mint(key, docs.jwks.keys[0].kid), jwks, { issuer: ISSUER, audience: 'sts.amazonaws.com' });
    expect(payload.sub).toBe('system:serviceaccount:etl:loader');
    await expect(jwtVerify(await mint(rsa(), docs.jwks.keys[0].kid), jwks)).rejects.toThrow('signature verification failed');
  });

  test('GIVEN an EC key for a cluster that federates to Entra WHEN published THEN refused with the reason', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const p = failure(() => issuerDocuments({ issuer: ISSUER, keys: [{ pem: ec, source: 'ec.pub' }] }));
    expect(p.where).toBe('ec.pub');
    expect(p.problem).toBe('cannot sign tokens for Entra ID, which accepts only RS256-signed tokens');
    const ok = issuerDocuments({ issuer: ISSUER, keys: [{ pem: ec, source: 'ec.pub' }], federatesToEntra: false });
    expect(ok.jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256', crv: 'P-256', use: 'sig' });
    expect(ok.warnings[0]).toMatch(/^crossfed:issuer:es256: /);
  });

  test.each([['http://oidc.example.com', 'is not a public https URL'], ['https://10.0.0.5:6443', 'is a private address that no cloud can reach'], ['https://kubernetes.default.svc', 'is a private address']])(
    'GIVEN issuer %p WHEN published THEN refused', async (issuer, what) => {
      const p = failure(() => issuerDocuments({ issuer, keys: [{ pem: pem(key), source: 'sa.pub' }] }));
      expect(p.field).toBe('--issuer');
      expect(p.problem).toContain(what);
    });

  test('GIVEN a 1024-bit RSA key WHEN published THEN refused', async () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const p = failure(() => issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(short), source: 'short.pub' }] }));
    expect(p.problem).toBe('is too short');
  });

  test('GIVEN the CLI WHEN run with a key file THEN both documents are written and the flags printed, issuer flag first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-issuer-'));
    fs.writeFileSync(path.join(dir, 'sa.pub'), pem(key));
    const r = await cli('issuer', '--issuer', ISSUER, '--public-key', path.join(dir, 'sa.pub'), '--out', path.join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', '.well-known', 'openid-configuration'), 'utf8')).issuer).toBe(ISSUER);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'openid', 'v1', 'jwks'), 'utf8')).keys).toHaveLength(1);
    expect(r.out).toContain(`start kube-apiserver with:\n  --service-account-issuer=${ISSUER}\n`);
  });

  test('GIVEN the default model WHEN an EC key is published for its self-managed cluster (which federates to Entra) THEN refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-issuer-'));
    fs.writeFileSync(path.join(dir, 'ec.pub'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const r = await cli('issuer', '--issuer', ISSUER, '--public-key', path.join(dir, 'ec.pub'), '--model', path.join(__dirname, '../../apps/default-model.yaml'), '--out', path.join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot sign tokens for Entra ID');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

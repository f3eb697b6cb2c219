import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeAtomically } from '../../../lib/cli/synth';
import { issuerDocuments } from '../../../lib/oidc/issuer-documents';
import { checkArtifacts } from '../../../lib/verify';
import { cfn } from '../builders';

const ISSUER = 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com';
const pem = (type: 'rsa' | 'ec') => (type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' })).publicKey.export({ format: 'pem', type: 'spki' }).toString();

async function published(edit?: (files: { path: string; content: string }[]) => void, type: 'rsa' | 'ec' = 'rsa'): Promise<string> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-discovery-')), 'out');
  const files = (issuerDocuments({ issuer: ISSUER, keys: [{ pem: pem(type), source: 'sa.pub' }], federatesToEntra: type === 'rsa' })).files.map(f => ({ ...f }));
  edit?.(files);
  writeAtomically(dir, files);
  return dir;
}
const check = (dir: string, issuer = ISSUER) => checkArtifacts([], { discovery: [dir], issuers: [issuer] }).findings.filter(f => f.rule.startsWith('k8s-discovery'));

describe('k8s-discovery-issuer-mismatch and k8s-discovery-jwks', () => {
  test('GIVEN the documents crossfed issuer writes WHEN checked THEN no finding (compliant)', async () => {
    expect(check(await published())).toEqual([]);
  });

  test('GIVEN a discovery document with a trailing slash the tokens do not carry WHEN checked THEN the mismatch is an error naming the exact issuer (non-compliant)', async () => {
    const dir = await published(files => { files[0].content = files[0].content.replace(`"issuer": "${ISSUER}"`, `"issuer": "${ISSUER}/"`); });
    const [f] = check(dir);
    expect(f.rule).toBe('k8s-discovery-issuer-mismatch');
    expect(f.message).toBe(`the discovery document says issuer "${ISSUER}/", which is not byte-equal to the cluster's issuer "${ISSUER}"`);
  });

  test('GIVEN a JWKS key without use: sig WHEN checked THEN an error (non-compliant)', async () => {
    const dir = await published(files => { files[1].content = files[1].content.replace('"use": "sig",', ''); });
    expect(check(dir).map(f => [f.rule, f.severity, f.message.replace(/ \(kid [^)]+\)/, '')])).toEqual([['k8s-discovery-jwks', 'error', 'key 0 has no "use"; it must be "sig"']]);
  });

  test('GIVEN an ES256 key (cluster not federating to Entra) WHEN checked THEN a warning, not an error (edge)', async () => {
    const found = check(await published(undefined, 'ec'));
    expect(found.map(f => [f.rule, f.severity])).toEqual([['k8s-discovery-jwks', 'warning']]);
    expect(found[0].message).toContain('Entra ID accepts only RS256-signed tokens');
  });

  test('GIVEN a missing JWKS file WHEN checked THEN it is reported (edge)', async () => {
    const dir = await published();
    fs.rmSync(path.join(dir, 'openid'), { recursive: true });
    const result = checkArtifacts([], { discovery: [dir], issuers: [ISSUER] });
    expect(result.errors.map(e => e.message)).toEqual(['cannot be read (ENOENT)']);
    expect(result.findings.map(f => f.message)).toContain(`the JWKS at "${ISSUER}/openid/v1/jwks" is not among the published files`);
  });
});

describe('issuer documents a hosting publishes in the artifacts', () => {
  const hosted = (discovery: Record<string, unknown>) => cfn({
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-onprem-oidc' } },
    Discovery: { Type: 'Custom::CrossfedIssuerDocument', Properties: { Bucket: { Ref: 'Bucket' }, Key: '.well-known/openid-configuration', Body: JSON.stringify(discovery), ContentType: 'application/json' } },
    Jwks: { Type: 'Custom::CrossfedIssuerDocument', Properties: { Bucket: { Ref: 'Bucket' }, Key: 'openid/v1/jwks', Body: JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k', n: 'AQAB', e: 'AQAB' }] }), ContentType: 'application/json' } },
  }, 'cloudformation/issuer.template.json');

  test('GIVEN an S3 hosting in a template WHEN checked THEN its documents are read from the template, JWKS found by jwks_uri', () => {
    const result = checkArtifacts([hosted({ issuer: ISSUER, jwks_uri: `${ISSUER}/openid/v1/jwks` })], { issuers: [ISSUER] });
    expect(result.graph.oidc?.map(d => [d.store, d.issuer, d.ref.resource, d.jwksRef?.resource])).toEqual([['s3://acme-onprem-oidc', ISSUER, 'Discovery', 'Jwks']]);
    // The key has no "use": the rule reads the published JWKS, not a file on disk.
    expect(result.findings.filter(f => f.rule.startsWith('k8s-discovery')).map(f => [f.rule, f.resource, f.message])).toEqual([['k8s-discovery-jwks', 'Jwks', 'key 0 (kid k) has no "use"; it must be "sig"']]);
  });

  test('GIVEN a hosted discovery document whose issuer has a trailing slash the tokens do not carry WHEN checked THEN the mismatch is reported at the document resource', () => {
    const found = checkArtifacts([hosted({ issuer: `${ISSUER}/`, jwks_uri: `${ISSUER}/openid/v1/jwks` })], { issuers: [ISSUER] }).findings.filter(f => f.rule === 'k8s-discovery-issuer-mismatch');
    expect(found.map(f => [f.file, f.resource, f.message])).toEqual([['cloudformation/issuer.template.json', 'Discovery', `the discovery document says issuer "${ISSUER}/", which is not byte-equal to the cluster's issuer "${ISSUER}"`]]);
  });
});

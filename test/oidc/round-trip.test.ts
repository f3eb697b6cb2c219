/**
 * Round trip of a self-managed issuer: a key pair made here, the documents `crossfed issuer`
 * writes, the same documents published by each hosting in the synthesized artifacts, a
 * Kubernetes-like token signed with the private key, verified against the published JWKS with
 * jose, and presented by the simulator to the AWS role, the Entra application and the GCP
 * grant that the default renderers wrote: accepted for the intended workload, refused when
 * another key signed it.
 */
import { KeyObject } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { HOSTED_TF_OUTPUTS, hostedModel, publicPem, rsaKeyPair } from './fixtures';
import { checkSynthesized, STAGES } from '../../lib/cli/synth';
import { IdentityModel } from '../../lib/model';
import { SynthesizedFile } from '../../lib/model/synth-output';
import { checkArtifacts } from '../../lib/verify';
import { AWS_REFUSALS, decodeToken, ENTRA_REFUSALS, evaluateExchange, GCP_REFUSALS, intendedPairsFromModel, IntendedPair } from '../../lib/verify/simulate';
import { cli } from '../cli/helpers';

jest.setTimeout(120_000);

const key = rsaKeyPair();
const other = rsaKeyPair();
const PEM = publicPem(key);

/** Hosting name, the model's hosting, the issuer URL it yields, and the store and key prefix of its objects. */
const HOSTINGS: [string, string, string, string, string][] = [
  ['S3', '{ s3: { account: prod, bucketName: acme-onprem-oidc, region: eu-west-1 } }', 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com', 's3://acme-onprem-oidc', ''],
  ['GCS', '{ gcs: { project: data, bucketName: acme-onprem-oidc, path: clusters/onprem } }', 'https://storage.googleapis.com/acme-onprem-oidc/clusters/onprem', 'gs://acme-onprem-oidc', 'clusters/onprem/'],
  ['Azure storage', '{ azureStorage: { tenant: acme, storageAccountName: acmeonpremoidc, resourceGroupName: rg-oidc, location: westeurope } }', 'https://acmeonpremoidc.blob.core.windows.net/oidc', 'azure://acmeonpremoidc/oidc', ''],
];

/** The claims of the intended pair, signed as kube-apiserver signs service-account tokens. */
async function signed(pair: IntendedPair, signer: KeyObject, kid: string): Promise<string> {
  return new SignJWT({ ...pair.token.claims } as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid }).sign(signer);
}

describe.each(HOSTINGS)('a self-managed issuer published in %s', (_name, hosting, issuerUrl, store, prefix) => {
  let model: IdentityModel;
  let files: SynthesizedFile[];
  let issuerFiles: Record<string, string>;
  let findings: { rule: string; severity: string; message: string }[];

  beforeAll(async () => {
    // GIVEN a key pair made here, and the documents `crossfed issuer` writes for its public key
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfed-roundtrip-'));
    fs.writeFileSync(path.join(dir, 'sa.pub'), PEM);
    const r = await cli('issuer', '--issuer', issuerUrl, '--public-key', path.join(dir, 'sa.pub'), '--out', path.join(dir, 'out'));
    expect([r.code, r.err]).toEqual([0, '']);
    issuerFiles = {
      discovery: fs.readFileSync(path.join(dir, 'out', '.well-known', 'openid-configuration'), 'utf8'),
      jwks: fs.readFileSync(path.join(dir, 'out', 'openid', 'v1', 'jwks'), 'utf8'),
    };
    fs.rmSync(dir, { recursive: true, force: true });
    // WHEN the model with the hosting is synthesized by the default renderers (and checked)
    model = hostedModel(hosting, PEM);
    const tfOutputs = HOSTED_TF_OUTPUTS;
    files = [];
    for (const stage of STAGES.filter(st => st.applies(model))) files.push(...await stage.run(model, { tfOutputs, outDir: 'dist', validation: false, warnings: [] }));
    findings = (await checkSynthesized(files, model, tfOutputs)).findings;
  });

  test('GIVEN the model WHEN loaded THEN the issuer URL is the one the hosting yields', () => {
    expect(model.findIssuer('onprem')!.url).toBe(issuerUrl);
  });

  test('GIVEN the synthesized artifacts WHEN read back THEN the hosting publishes exactly the documents crossfed issuer writes, and the checker finds no error', () => {
    const graph = checkArtifacts(files).graph;
    const published = graph.published ?? [];
    expect(published.map(o => [o.store, o.key, o.contentType])).toEqual([
      [store, `${prefix}.well-known/openid-configuration`, 'application/json'],
      [store, `${prefix}openid/v1/jwks`, 'application/json'],
    ]);
    expect(published.map(o => o.content)).toEqual([issuerFiles.discovery, issuerFiles.jwks]);
    expect(graph.oidc?.map(d => d.issuer)).toEqual([issuerUrl]);
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  test('GIVEN a token signed with the private key WHEN verified with jose against the published JWKS THEN it verifies; a token of another key does not', async () => {
    const jwks = JSON.parse(issuerFiles.jwks);
    const kid = jwks.keys[0].kid;
    const [pair] = intendedPairsFromModel(model);
    const set = createLocalJWKSet(jwks);
    const { payload } = await jwtVerify(await signed(pair, key.privateKey, kid), set, { issuer: issuerUrl });
    expect(payload.sub).toBe('system:serviceaccount:etl:loader');
    await expect(jwtVerify(await signed(pair, other.privateKey, kid), set)).rejects.toThrow('signature verification failed');
  });

  const REFUSED = {
    aws: [AWS_REFUSALS.badSignature, AWS_REFUSALS.noVerificationKey],
    azure: [ENTRA_REFUSALS.signatureInvalid, ENTRA_REFUSALS.signatureKeyNotFound],
    gcp: [GCP_REFUSALS.signature, GCP_REFUSALS.signature],
  } as const;

  test.each(['aws', 'azure', 'gcp'] as const)('GIVEN the intended workload\'s %s token WHEN presented to the simulator over the artifacts THEN signed with the cluster\'s key it is accepted; signed with another key it is refused in the cloud\'s words', async cloud => {
    const graph = checkArtifacts(files).graph;
    const kid = JSON.parse(issuerFiles.jwks).keys[0].kid;
    const pair = intendedPairsFromModel(model).find(p => p.target.cloud === cloud)!;
    const present = async (signer: KeyObject, k: string) => evaluateExchange(graph, await decodeToken(await signed(pair, signer, k)), pair.target);

    const intended = await present(key.privateKey, kid);
    expect([intended.accepted, intended.reason]).toEqual([true, expect.stringMatching(/^accepted: /)]);
    expect(intended.steps.find(s => /signature/.test(s.check))).toMatchObject({ ok: true, detail: `RS256 signature verifies with key "${kid}" of the JWKS published for ${issuerUrl}` });

    const forged = await present(other.privateKey, kid);
    expect([forged.accepted, forged.reason]).toEqual([false, REFUSED[cloud][0]]);
    expect(forged.steps.at(-1)).toMatchObject({ ok: false, detail: `the RS256 signature does not verify with key "${kid}" of the JWKS published for ${issuerUrl}` });

    const unknownKey = await present(other.privateKey, 'another-key');
    expect([unknownKey.accepted, unknownKey.reason]).toEqual([false, REFUSED[cloud][1]]);
    expect(unknownKey.steps.at(-1)!.detail).toContain(`no key of the JWKS published for ${issuerUrl} has kid "another-key"`);
  });
});

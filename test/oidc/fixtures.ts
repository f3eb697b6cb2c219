import { createPublicKey, generateKeyPairSync } from 'crypto';
import { IdentityModel } from '../../lib/model';

/** A fresh 2048-bit RSA key pair, as a cluster's service-account signing key. */
export const rsaKeyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The PEM of a key pair's public half (what `--service-account-key-file` holds). */
export const publicPem = (k: ReturnType<typeof rsaKeyPair>) => k.publicKey.export({ format: 'pem', type: 'spki' }).toString();

/** The Terraform output the Kubernetes renderer needs for the hosted model's Entra application. */
export const HOSTED_TF_OUTPUTS = { azure_client_id_acme_app_onprem_loader: { value: '0a1b2c3d-0000-4000-8000-000000000001', type: 'string' } };

/**
 * The default model's clouds, and a self-managed cluster `onprem` published by `hosting` (flow
 * YAML, e.g. `{ s3: { account: prod, bucketName: b } }`) from `pem`, with a workload granted
 * AWS, Entra and GCP (direct access) — the default model's on-premises loader.
 */
export function hostedModelText(hosting: string, pem: string, issuerExtra = ''): string {
  return `name: hosted
clouds:
  aws: [{ name: prod, accountId: "111122223333", region: us-east-1 }]
  azure: [{ name: acme, tenantId: 11111111-2222-3333-4444-555555555555, subscriptionId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee }]
  gcp: [{ name: data, projectId: acme-data, projectNumber: "123456789012", poolId: crossfed }]
issuers:
  - name: onprem
    kind: self-managed
    hosting: ${hosting}${issuerExtra}
    publicKeys:
      - |
${pem.trim().split('\n').map(l => `        ${l}`).join('\n')}
workloads:
  - issuer: onprem
    namespace: etl
    serviceAccount: loader
    aws: [{ account: prod, roleName: onprem-loader, s3WriteBuckets: [acme-landing] }]
    azure:
      - tenant: acme
        application: onprem-loader
        roleAssignments:
          - role: Storage Blob Data Contributor
            scope: /subscriptions/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmelanding
    gcp: [{ project: data, direct: true, bucketRoles: [{ bucket: acme-landing, role: roles/storage.objectCreator }] }]
`;
}

/** {@link hostedModelText}, loaded. */
export const hostedModel = (hosting: string, pem: string, issuerExtra = '') => IdentityModel.fromText(hostedModelText(hosting, pem, issuerExtra), 'hosted.yaml');

/** A fixed public key (the default model's onprem JWKS key), for deterministic snapshots. */
export const FIXED_PEM = (() => {
  const n = 'ofQcPTqSNl-k5KtGqL-qEZzGKe-M2RhXz3pdgAhzGiuv9j6mqWU6yIzcYah6uo0-MHAaz1-F5jX151g8RvPO0sm3MIar3wUuLIpUjzDO4NdKFiO7bFxTS3fo4l-9h-WMZeD3DDUIz4Eu6IKKSfmpokh-wSkw0Cl5_mwT5ONj-GnRN8TxjnFKCubHLhS0l2HYZpasdkxFdwehcalYWRw_dSm7u1ZqjgDaQ0hz8kEC_jOlROv1kEXKQckmo2ioTh9GZhMX9GkLieI9LzyHLXxJBTtWJ-mN51r5CVOnOY4I_W07jh7XgwAnk9fcc64C0cLVlH-Pd8JARbaWX77bqrrwMw';
  return createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();
})();

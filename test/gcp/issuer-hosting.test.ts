import { Testing } from 'cdktf';
import { GcpStack, GcsIssuerHosting } from '../../lib/gcp';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { issuerDocuments } from '../../lib/oidc/issuer-documents';
import { problemOf } from '../model/helpers';
import { FIXED_PEM, hostedModel } from '../oidc/fixtures';
import { expectValidTerraform, onlyResource, resourcesOf, terraformOf, withoutVersions } from '../terraform/helpers';

const FILE = 'terraform/gcp-data/cdk.tf.json';

describe('GcsIssuerHosting', () => {
  test('GIVEN a GCS hosting (minimal) WHEN synthesized THEN a uniform bucket read by allUsers without listing, and the two documents crossfed issuer writes, as JSON with a short cache', () => {
    const model = hostedModel('{ gcs: { project: data, bucketName: acme-onprem-oidc } }', FIXED_PEM);
    const doc = terraformOf(synthesizeGcpTerraform(model), FILE);
    expectValidTerraform(doc);
    const url = 'https://storage.googleapis.com/acme-onprem-oidc';
    expect(model.findIssuer('onprem')!.url).toBe(url);

    const [, bucket] = onlyResource(doc, 'google_storage_bucket');
    expect(bucket).toMatchObject({
      name: 'acme-onprem-oidc', project: 'acme-data', location: 'US', uniform_bucket_level_access: true, public_access_prevention: 'inherited',
      versioning: { enabled: true }, force_destroy: false, lifecycle: { prevent_destroy: true },
    });
    const reader = resourcesOf(doc, 'google_storage_bucket_iam_member').issuer__onprem;
    expect(reader).toMatchObject({ bucket: 'acme-onprem-oidc', role: 'roles/storage.legacyObjectReader', member: 'allUsers' });

    const expected = issuerDocuments({ issuer: url, keys: [{ pem: FIXED_PEM, source: 'sa.pub' }] });
    const objects = Object.values<any>(resourcesOf(doc, 'google_storage_bucket_object'));
    expect(objects.map(o => [o.bucket, o.name, o.content, o.content_type, o.cache_control])).toEqual([
      ['acme-onprem-oidc', '.well-known/openid-configuration', expected.files[0].content, 'application/json', 'public, max-age=300'],
      ['acme-onprem-oidc', 'openid/v1/jwks', expected.files[1].content, 'application/json', 'public, max-age=300'],
    ]);
    expect(JSON.parse(objects[0].content).jwks_uri).toBe(`${url}/openid/v1/jwks`);
    expect(doc.output.issuer_url__onprem.value).toBe(url);
    // GCP fetches the published documents: the provider carries no inline JWKS.
    expect(resourcesOf(doc, 'google_iam_workload_identity_pool_provider')['acme-data__crossfed__onprem'].oidc).toEqual({
      issuer_uri: url, allowed_audiences: ['//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/crossfed/providers/onprem'],
    });
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN a path, a trailing slash and a location (all props) WHEN synthesized THEN the objects sit under the path and the issuer ends in "/" as the flag does', () => {
    const model = hostedModel('{ gcs: { project: data, bucketName: acme-oidc, location: EU, path: clusters/onprem, trailingSlash: true } }', FIXED_PEM);
    const url = 'https://storage.googleapis.com/acme-oidc/clusters/onprem/';
    expect(model.findIssuer('onprem')!.url).toBe(url);
    const doc = terraformOf(synthesizeGcpTerraform(model), FILE);
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'google_storage_bucket')[1].location).toBe('EU');
    const objects = Object.values<any>(resourcesOf(doc, 'google_storage_bucket_object'));
    expect(objects.map(o => o.name)).toEqual(['clusters/onprem/.well-known/openid-configuration', 'clusters/onprem/openid/v1/jwks']);
    expect(JSON.parse(objects[0].content)).toMatchObject({ issuer: url, jwks_uri: 'https://storage.googleapis.com/acme-oidc/clusters/onprem/openid/v1/jwks' });
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN an issuer hosted in S3 WHEN given to GcsIssuerHosting THEN refused with the construct path and the fix', () => {
    const model = hostedModel('{ s3: { account: prod, bucketName: acme-onprem-oidc } }', FIXED_PEM);
    const stack = new GcpStack(Testing.app(), 'gcp', { project: model.findGcpProject('data')! });
    const p = problemOf(() => new GcsIssuerHosting(stack, 'Hosting', { issuer: model.findIssuer('onprem')! }));
    expect([p.where, p.field, p.problem]).toEqual(['gcp/Hosting', 'issuer', 'has no GCS hosting']);
    const q = problemOf(() => new GcpStack(Testing.app(), 'gcp2', { project: model.findGcpProject('data')!, issuerHostings: [{ issuer: model.findIssuer('onprem')! }] }));
    expect(q.problem).toBe('is not hosted in project "data"');
  });
});

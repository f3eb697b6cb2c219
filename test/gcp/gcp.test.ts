import { generateKeyPairSync } from 'crypto';
import * as path from 'path';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { GcpStack } from '../../lib/gcp';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { CiSubject, GcpResourceType, IdentityModel, Issuer, IssuerKind } from '../../lib/model';
import { AKS_URL, EKS_URL, smallModel } from '../model/fixtures';
import { conditionAccepts } from '../terraform/cel';
import { expectValidTerraform, findResources, onlyResource, resourcesOf, terraformOf, withoutVersions } from '../terraform/helpers';

Testing.setupJest();

const FILE = 'terraform/gcp-data/cdk.tf.json';
const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/crossfed';
const principal = (subject: string) => `principal://iam.googleapis.com/${POOL}/subject/${subject}`;
const provider = (doc: any, id: string) => resourcesOf(doc, 'google_iam_workload_identity_pool_provider')[`acme-data__crossfed__${id}`];
const KUBERNETES_MAPPING = {
  'google.subject': 'assertion.sub',
  'attribute.namespace': "assertion['kubernetes.io']['namespace']",
  'attribute.service_account': "assertion['kubernetes.io']['serviceaccount']['name']",
};

describe('EKS and AKS → GCP through the pool', () => {
  const given = () => {
    const m = smallModel();
    const impersonation = m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' })
      .grantGcp(m.gcp, { serviceAccount: 'pipeline-reader', bucketRoles: [{ bucket: 'acme-raw', role: 'roles/storage.objectViewer' }] });
    const direct = m.model.addWorkload({ issuer: m.aks, namespace: 'etl', serviceAccount: 'loader' })
      .grantGcp(m.gcp, { direct: true, bucketRoles: [{ bucket: 'acme-landing', role: 'roles/storage.objectCreator' }] });
    return { ...m, impersonation, direct, doc: terraformOf(synthesizeGcpTerraform(m.model), FILE) };
  };

  test('GIVEN grants from EKS and AKS WHEN synthesized THEN one pool and one provider per issuer, issuer URIs exact', () => {
    const { doc } = given();
    expectValidTerraform(doc);
    expect(onlyResource(doc, 'google_iam_workload_identity_pool')).toEqual(['acme-data__crossfed', expect.objectContaining({ project: 'acme-data', workload_identity_pool_id: 'crossfed' })]);
    expect(Object.keys(resourcesOf(doc, 'google_iam_workload_identity_pool_provider'))).toEqual(['acme-data__crossfed__prod-aks', 'acme-data__crossfed__prod-eks']);
    expect(provider(doc, 'prod-eks').oidc.issuer_uri).toBe(EKS_URL);
    // AKS issuers end with "/" and the STS compares byte for byte: the slash stays.
    expect(provider(doc, 'prod-aks').oidc.issuer_uri).toBe(AKS_URL);
    expect(provider(doc, 'prod-eks').depends_on).toEqual(['google_iam_workload_identity_pool.acme-data__crossfed']);
  });

  test('GIVEN a provider WHEN synthesized THEN its mapping carries the Kubernetes claims and its condition lists the exact subject', () => {
    const { doc, impersonation } = given();
    const p = provider(doc, 'prod-eks');
    expect(p.attribute_mapping).toEqual(KUBERNETES_MAPPING);
    expect(p.attribute_condition).toBe("assertion.sub == 'system:serviceaccount:data:pipeline'");
    expect(p.oidc.allowed_audiences).toEqual([impersonation.audience]);
    expect(p.oidc.jwks_json).toBeUndefined();
  });

  test('GIVEN the condition WHEN evaluated on tokens THEN only the granted subject passes; near misses are refused', () => {
    const { doc } = given();
    const condition = provider(doc, 'prod-eks').attribute_condition;
    const accepts = (sub: string) => conditionAccepts(condition, { sub });
    expect(accepts('system:serviceaccount:data:pipeline')).toBe(true);
    expect(accepts('system:serviceaccount:data:pipeline-2')).toBe(false);
    expect(accepts('system:serviceaccount:other:pipeline')).toBe(false);
    expect(accepts('system:serviceaccount:data:Pipeline')).toBe(false);
  });

  test('GIVEN impersonation WHEN synthesized THEN the service account trusts exactly the principal and holds the bucket role', () => {
    const { doc, impersonation } = given();
    expect(onlyResource(doc, 'google_service_account')).toEqual(['acme-data__pipeline-reader', expect.objectContaining({ project: 'acme-data', account_id: 'pipeline-reader' })]);
    const [, wiu] = onlyResource(doc, 'google_service_account_iam_member');
    expect(wiu).toMatchObject({
      service_account_id: 'projects/acme-data/serviceAccounts/pipeline-reader@acme-data.iam.gserviceaccount.com',
      role: 'roles/iam.workloadIdentityUser',
      member: principal('system:serviceaccount:data:pipeline'),
    });
    expect(wiu.member).toBe(impersonation.member);
    expect(wiu.depends_on).toEqual(['google_service_account.acme-data__pipeline-reader', 'google_iam_workload_identity_pool.acme-data__crossfed']);
    expect(findResources(doc, 'google_storage_bucket_iam_member', b => b.bucket === 'acme-raw')).toEqual([[expect.any(String), expect.objectContaining({
      role: 'roles/storage.objectViewer', member: 'serviceAccount:pipeline-reader@acme-data.iam.gserviceaccount.com',
    })]]);
  });

  test('GIVEN direct access WHEN synthesized THEN the role is bound to the principal itself, and no service account trusts it', () => {
    const { doc, direct } = given();
    const bindings = findResources(doc, 'google_storage_bucket_iam_member', b => b.bucket === 'acme-landing');
    expect(bindings).toEqual([[expect.stringMatching(/^acme-data__direct__prod-aks__etl-loader__bucket__[0-9a-f]{8}$/), expect.objectContaining({
      role: 'roles/storage.objectCreator', member: principal('system:serviceaccount:etl:loader'),
    })]]);
    expect(bindings[0][1].member).toBe(direct.member);
    const trusted = Object.values<any>(resourcesOf(doc, 'google_service_account_iam_member')).map(b => b.member);
    expect(trusted).not.toContain(direct.member);
  });

  test('GIVEN the credential config of each access WHEN compared with the resources THEN audience and impersonation URL are the same strings (one source)', () => {
    const { doc, impersonation, direct, gcp } = given();
    for (const access of [impersonation, direct]) {
      const config = access.credentialConfig;
      const p = provider(doc, access.workload.issuer.name);
      expect(config.audience).toBe(p.oidc.allowed_audiences[0]);
      expect(config.audience).toBe(`//iam.googleapis.com/projects/${gcp.projectNumber}/locations/global/workloadIdentityPools/${p.workload_identity_pool_id}/providers/${p.workload_identity_pool_provider_id}`);
      expect(access.member.startsWith(`principal://iam.googleapis.com/projects/${gcp.projectNumber}/locations/global/workloadIdentityPools/${p.workload_identity_pool_id}/subject/`)).toBe(true);
    }
    const [, sa] = onlyResource(doc, 'google_service_account');
    const email = `${sa.account_id}@${sa.project}.iam.gserviceaccount.com`;
    expect(impersonation.credentialConfig.service_account_impersonation_url).toBe(`https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${email}:generateAccessToken`);
    expect(onlyResource(doc, 'google_service_account_iam_member')[1].service_account_id).toBe(`projects/${sa.project}/serviceAccounts/${email}`);
    expect(direct.credentialConfig.service_account_impersonation_url).toBeUndefined();
  });

  test('GIVEN the stack WHEN synthesized with Testing THEN the cdktf matchers find provider, pool provider and bindings', () => {
    const { model, impersonation } = given();
    const synthesized = Testing.synth(new GcpStack(Testing.app(), 'gcp', { project: model.findGcpProject('data')! }));
    expect(synthesized).toHaveProviderWithProperties(GoogleProvider, { project: 'acme-data' });
    expect(synthesized).toHaveResourceWithProperties(IamWorkloadIdentityPoolProvider, { workload_identity_pool_provider_id: 'prod-eks', oidc: { issuer_uri: EKS_URL, allowed_audiences: [impersonation.audience] } });
    expect(synthesized).toHaveResourceWithProperties(ServiceAccountIamMember, { member: impersonation.member, role: 'roles/iam.workloadIdentityUser' });
    expect(synthesized).toHaveResourceWithProperties(StorageBucketIamMember, { bucket: 'acme-landing' });
  });

  test('GIVEN the minimal stack WHEN synthesized THEN it matches the snapshot', () => {
    expect(withoutVersions(given().doc)).toMatchSnapshot();
  });
});

describe('GKE → GCP natively', () => {
  test('GIVEN only a GKE native grant WHEN synthesized THEN no pool, and the service account trusts the GKE workload pool member', () => {
    const m = smallModel();
    const access = m.model.addWorkload({ issuer: m.gke, namespace: 'ml', serviceAccount: 'trainer' })
      .grantGcp(m.gcp, { serviceAccount: 'ml-trainer', bucketRoles: [{ bucket: 'acme-features', role: 'roles/storage.objectViewer' }] });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(resourcesOf(doc, 'google_iam_workload_identity_pool')).toEqual({});
    expect(resourcesOf(doc, 'google_iam_workload_identity_pool_provider')).toEqual({});
    const [, wiu] = onlyResource(doc, 'google_service_account_iam_member');
    expect(wiu).toMatchObject({ member: 'serviceAccount:acme-data.svc.id.goog[ml/trainer]', role: 'roles/iam.workloadIdentityUser' });
    expect(wiu.member).toBe(access.member);
    expect(wiu.depends_on).toEqual(['google_service_account.acme-data__ml-trainer']);
    expect(access.credentialConfig).toBeUndefined();
  });

  test('GIVEN a GKE workload with gkeNative off WHEN synthesized THEN it goes through a pool provider for the GKE issuer', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.gke, namespace: 'ml', serviceAccount: 'trainer' }).grantGcp(m.gcp, { serviceAccount: 'ml-trainer', gkeNative: false });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expect(provider(doc, 'prod-gke').oidc.issuer_uri).toBe(m.gke.url);
    expect(onlyResource(doc, 'google_service_account_iam_member')[1].member).toBe(principal('system:serviceaccount:ml:trainer'));
  });
});

describe('GitHub Actions and self-managed clusters → GCP', () => {
  test('GIVEN a GitHub Actions environment WHEN synthesized THEN the shared issuer\'s provider maps the CI claims and pins the exact subject', () => {
    const m = smallModel();
    const access = m.model.addCiWorkload({ issuer: m.github, name: 'gh-release', subject: CiSubject.githubEnvironment('acme/platform', 'production') })
      .grantGcp(m.gcp, { serviceAccount: 'github-release', projectRoles: ['roles/artifactregistry.writer'] });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expectValidTerraform(doc);
    const p = provider(doc, 'github');
    expect(p.oidc.issuer_uri).toBe('https://token.actions.githubusercontent.com');
    expect(p.attribute_mapping).toEqual({ 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository', 'attribute.ref': 'assertion.ref' });
    expect(p.attribute_condition).toBe("assertion.sub == 'repo:acme/platform:environment:production'");
    expect(conditionAccepts(p.attribute_condition, { sub: 'repo:acme/platform:environment:staging' })).toBe(false);
    expect(conditionAccepts(p.attribute_condition, { sub: 'repo:evil/platform:environment:production' })).toBe(false);
    expect(onlyResource(doc, 'google_service_account_iam_member')[1].member).toBe(access.member);
    expect(onlyResource(doc, 'google_project_iam_member')[1]).toMatchObject({ project: 'acme-data', role: 'roles/artifactregistry.writer', member: 'serviceAccount:github-release@acme-data.iam.gserviceaccount.com' });
  });

  test('GIVEN a self-managed cluster with a JWKS WHEN synthesized THEN the provider carries it as jwks_json, unchanged', () => {
    const m = smallModel();
    const jwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
    const jwksJson = JSON.stringify({ keys: [jwk] });
    const onprem = m.model.addIssuer(Issuer.selfManaged({ name: 'onprem', url: 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com', jwksJson }));
    m.model.addWorkload({ issuer: onprem, namespace: 'etl', serviceAccount: 'loader' }).grantGcp(m.gcp, { direct: true, bucketRoles: [{ bucket: 'acme-landing', role: 'roles/storage.objectCreator' }] });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(provider(doc, 'onprem').oidc).toEqual({
      issuer_uri: 'https://acme-onprem-oidc.s3.eu-west-1.amazonaws.com',
      allowed_audiences: [`//iam.googleapis.com/${POOL}/providers/onprem`],
      jwks_json: jwksJson,
    });
  });

  test('GIVEN several subjects of one issuer WHEN synthesized THEN the condition lists each exactly, sorted', () => {
    const m = smallModel();
    for (const sa of ['b-job', 'a-job']) m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: sa }).grantGcp(m.gcp, { serviceAccount: `${sa}-sa` });
    const condition = provider(terraformOf(synthesizeGcpTerraform(m.model), FILE), 'prod-eks').attribute_condition;
    expect(condition).toBe("assertion.sub in ['system:serviceaccount:data:a-job', 'system:serviceaccount:data:b-job']");
    expect(conditionAccepts(condition, { sub: 'system:serviceaccount:data:a-job' })).toBe(true);
    expect(conditionAccepts(condition, { sub: 'system:serviceaccount:data:c-job' })).toBe(false);
  });
});

describe('resource-level bindings', () => {
  test('GIVEN roles on every kind of resource WHEN synthesized THEN each is bound on that resource, not the project', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' }).grantGcp(m.gcp, {
      serviceAccount: 'pipeline-reader',
      resourceRoles: [
        { resourceType: GcpResourceType.SECRET, resource: 'db-password', role: 'roles/secretmanager.secretAccessor' },
        { resourceType: GcpResourceType.SECRET, resource: 'projects/acme-shared/secrets/api-key', role: 'roles/secretmanager.secretAccessor' },
        { resourceType: GcpResourceType.BIGQUERY_DATASET, resource: 'metrics', role: 'roles/bigquery.dataViewer' },
        { resourceType: GcpResourceType.PUBSUB_TOPIC, resource: 'events', role: 'roles/pubsub.publisher' },
        { resourceType: GcpResourceType.PUBSUB_SUBSCRIPTION, resource: 'projects/acme-shared/subscriptions/events-sub', role: 'roles/pubsub.subscriber' },
        { resourceType: GcpResourceType.SERVICE_ACCOUNT, resource: 'dataflow-worker@acme-jobs.iam.gserviceaccount.com', role: 'roles/iam.serviceAccountUser' },
      ],
    });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expectValidTerraform(doc);
    const member = 'serviceAccount:pipeline-reader@acme-data.iam.gserviceaccount.com';
    const bodies = (type: string) => Object.values<any>(resourcesOf(doc, type)).map(({ depends_on: _d, '//': _m, ...b }) => b);
    expect(bodies('google_secret_manager_secret_iam_member')).toEqual(expect.arrayContaining([
      { project: 'acme-data', secret_id: 'db-password', role: 'roles/secretmanager.secretAccessor', member },
      { project: 'acme-shared', secret_id: 'api-key', role: 'roles/secretmanager.secretAccessor', member },
    ]));
    expect(bodies('google_bigquery_dataset_iam_member')).toEqual([{ project: 'acme-data', dataset_id: 'metrics', role: 'roles/bigquery.dataViewer', member }]);
    expect(bodies('google_pubsub_topic_iam_member')).toEqual([{ project: 'acme-data', topic: 'events', role: 'roles/pubsub.publisher', member }]);
    expect(bodies('google_pubsub_subscription_iam_member')).toEqual([{ project: 'acme-shared', subscription: 'events-sub', role: 'roles/pubsub.subscriber', member }]);
    expect(findResources(doc, 'google_service_account_iam_member', b => b.role === 'roles/iam.serviceAccountUser').map(([, b]) => b.service_account_id))
      .toEqual(['projects/acme-jobs/serviceAccounts/dataflow-worker@acme-jobs.iam.gserviceaccount.com']);
    expect(resourcesOf(doc, 'google_project_iam_member')).toEqual({});
  });

  test('GIVEN an existing service account WHEN synthesized THEN it is bound, not created', () => {
    const m = smallModel();
    m.model.addWorkload({ issuer: m.eks, namespace: 'data', serviceAccount: 'pipeline' })
      .grantGcp(m.gcp, { existingServiceAccountEmail: 'legacy-reader@acme-legacy.iam.gserviceaccount.com' });
    const doc = terraformOf(synthesizeGcpTerraform(m.model), FILE);
    expectValidTerraform(doc);
    expect(resourcesOf(doc, 'google_service_account')).toEqual({});
    const [, wiu] = onlyResource(doc, 'google_service_account_iam_member');
    expect(wiu.service_account_id).toBe('projects/acme-legacy/serviceAccounts/legacy-reader@acme-legacy.iam.gserviceaccount.com');
    expect(wiu.depends_on).toEqual(['google_iam_workload_identity_pool.acme-data__crossfed']);
  });
});

describe('the default model', () => {
  const load = () => IdentityModel.fromFile(path.join(__dirname, '..', '..', 'apps', 'default-model.yaml'));

  test('GIVEN the default model WHEN synthesized twice THEN one deterministic, valid file per project, matching the snapshot', () => {
    const first = synthesizeGcpTerraform(load());
    expect(first.map(f => f.path)).toEqual([FILE]);
    expect(synthesizeGcpTerraform(load())).toEqual(first);
    const doc = terraformOf(first, FILE);
    expectValidTerraform(doc);
    expect(withoutVersions(doc)).toMatchSnapshot();
  });

  test('GIVEN the default model WHEN synthesized THEN every GCP grant\'s member is trusted or bound exactly as the model says', () => {
    const model = load();
    const doc = terraformOf(synthesizeGcpTerraform(model), FILE);
    const wiu = Object.values<any>(resourcesOf(doc, 'google_service_account_iam_member')).filter(b => b.role === 'roles/iam.workloadIdentityUser')
      .map(b => `${b.service_account_id} ${b.member}`).sort();
    const expected = model.workloads.flatMap(w => w.gcpAccess).filter(a => a.serviceAccount)
      .map(a => `projects/${a.project.projectId}/serviceAccounts/${a.serviceAccount!.email} ${a.member}`).sort();
    expect(wiu).toEqual(expected);
    for (const access of model.workloads.flatMap(w => w.gcpAccess).filter(a => a.usesPool)) {
      const p = provider(doc, access.provider!.providerId);
      expect(p.attribute_condition).toBe(access.provider!.attributeCondition);
      if (access.workload.issuer.kind === IssuerKind.AWS) {
        // An AWS role: the AWS provider type, its condition over the mapped attribute.aws_role.
        expect([p.aws, p.oidc]).toEqual([{ account_id: access.workload.issuer.awsAccountId }, undefined]);
        expect(p.attribute_condition).toBe(`attribute.aws_role == '${access.workload.subject}'`);
        expect(access.audience).toBe(access.credentialConfig.audience);
        continue;
      }
      expect(conditionAccepts(p.attribute_condition, { sub: access.workload.subject })).toBe(true);
      // The audience the workload's token carries: the provider's name, or an Entra ID application ID URI.
      expect(p.oidc.allowed_audiences).toEqual([access.audience]);
    }
  });
});

import { AKS, EKS, ENTRA_AUDIENCE, GCP_AUDIENCE, GSA, k8sToken, NOW, pipelineGraph, ROLE_ARN } from './fixtures';
import { buildTrustGraph } from '../../../lib/verify/assemble';
import { K8sWorkload, TrustGraph } from '../../../lib/verify/graph';
import { candidateTargets, explain, explainToken, findWorkloads } from '../../../lib/verify/simulate/explain';
import { explainJson, explainText } from '../../../lib/verify/simulate/format';
import { intendedPairsFromWorkloads } from '../../../lib/verify/simulate/intended';
import { explainWorkload, workloadCredentials } from '../../../lib/verify/simulate/workload-tokens';

const opts = { now: NOW + 60 };

describe('explain a token', () => {
  test('GIVEN a graph with one identity per cloud WHEN a token is explained THEN it is presented to each of them', () => {
    const g = pipelineGraph();
    expect(candidateTargets(g, k8sToken())).toEqual([
      { cloud: 'aws', kind: 'web-identity', roleArn: ROLE_ARN },
      { cloud: 'azure', kind: 'federated-credential', identity: { id: 'azuread_application.pipeline_reader' } },
      { cloud: 'gcp', kind: 'impersonation', serviceAccountEmail: GSA },
    ]);
  });

  test('GIVEN an AKS token meant for AWS presented everywhere WHEN explained as JSON THEN one result per identity, each with the cloud\'s words', () => {
    const report = explainToken(pipelineGraph(), k8sToken({ iss: AKS, aud: 'sts.amazonaws.com' }), opts);
    expect(explainJson(report).results.map((r: any) => [r.cloud, r.accepted, r.reason])).toEqual([
      ['aws', false, `InvalidIdentityToken: No OpenIDConnect provider found in your account for ${AKS}`],
      ['azure', false, `AADSTS700211: No matching federated identity record found for presented assertion issuer '${AKS}'`],
      ['gcp', false, `invalid_grant: no enabled workload identity pool provider has issuer_uri ${AKS}`],
    ]);
    expect(Object.keys(explainJson(report).results[0] as object)).toEqual(['cloud', 'identity', 'accepted', 'reason', 'steps']);
  });

  test('GIVEN an EKS token with the Entra audience WHEN explained as text THEN the summary comes first, refusals before the acceptance, each with the cloud\'s words first', () => {
    const text = explainText(explainToken(pipelineGraph(), k8sToken({ aud: ENTRA_AUDIENCE }), opts));
    expect(text).toBe([
      `token iss="${EKS}" sub="system:serviceaccount:data:pipeline" aud=["api://AzureADTokenExchange"]: accepted by 1 of 3 identities (azure application "pipeline-reader" (client id 0a0a0a0a-1111-2222-3333-444444444444))`,
      '',
      `REFUSED   aws  ${ROLE_ARN}  (AssumeRoleWithWebIdentity)`,
      '  InvalidIdentityToken: Incorrect token audience',
      `   1. ok    OIDC provider for the token's issuer: ProdEksProvider (arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE) is registered for "${EKS}"`,
      '   2. FAIL  audience among the provider\'s client IDs: aud "api://AzureADTokenExchange" is not in the client IDs ["sts.amazonaws.com"]',
      '',
      `REFUSED   gcp  ${GSA}  (workload identity federation)`,
      '  invalid_grant: The audience in ID Token [api://AzureADTokenExchange] does not match the expected audience.',
      `   1. ok    workload identity pool provider: prod-eks (google_iam_workload_identity_pool_provider.prod_eks) has issuer_uri "${EKS}"`,
      `   2. FAIL  audience: aud "api://AzureADTokenExchange" is none of the provider's resource name ["${GCP_AUDIENCE}","https:${GCP_AUDIENCE}"]`,
      '',
      'ACCEPTED  azure  application "pipeline-reader" (client id 0a0a0a0a-1111-2222-3333-444444444444)  (federated identity credential)',
      `  accepted: federated identity credential prod-eks-pipeline (azuread_application_federated_identity_credential.prod_eks_pipeline) on application "pipeline-reader" (client id 0a0a0a0a-1111-2222-3333-444444444444): issuer "${EKS}", subject "system:serviceaccount:data:pipeline", audience "api://AzureADTokenExchange"`,
      '   1. ok    assertion lifetime: 3600 s, at most 90000 s',
      `   2. ok    assertion validity window: now (${NOW + 60}) is within nbf/exp`,
      `   3. ok    federated credential issuer: prod-eks-pipeline (azuread_application_federated_identity_credential.prod_eks_pipeline) matches iss "${EKS}"`,
      '   4. ok    federated credential audience: prod-eks-pipeline (azuread_application_federated_identity_credential.prod_eks_pipeline) accepts aud "api://AzureADTokenExchange"',
      '   5. ok    federated credential subject: prod-eks-pipeline has subject "system:serviceaccount:data:pipeline"',
      '',
    ].join('\n'));
  });

  test('GIVEN an application created with its service principal (client id known only after apply) WHEN a token is explained THEN it is presented to the application once, not to the service principal as well', () => {
    const tf = {
      resource: {
        azuread_application: { app: { display_name: 'pipeline-reader' } },
        azuread_service_principal: { sp: { client_id: '${azuread_application.app.client_id}' } },
        azuread_application_federated_identity_credential: {
          fic: { application_id: '${azuread_application.app.id}', display_name: 'prod-eks-pipeline', issuer: EKS, subject: 'system:serviceaccount:data:pipeline', audiences: [ENTRA_AUDIENCE] },
        },
      },
    };
    const graph = buildTrustGraph([{ path: 'terraform/azure/cdk.tf.json', content: JSON.stringify(tf) }]);
    expect(graph.azure.identities.map(i => i.kind)).toEqual(['application', 'service-principal']);
    expect(candidateTargets(graph, k8sToken())).toEqual([{ cloud: 'azure', kind: 'federated-credential', identity: { id: 'azuread_application.app' } }]);
    expect(explainToken(graph, k8sToken({ aud: ENTRA_AUDIENCE }), opts).results.map(r => [r.identity, r.accepted])).toEqual([['application "pipeline-reader"', true]]);
  });

  test('GIVEN named targets WHEN explained THEN only those, once each', () => {
    const target = { cloud: 'aws' as const, kind: 'web-identity' as const, roleArn: ROLE_ARN };
    expect(explainToken(pipelineGraph(), k8sToken({ aud: 'sts.amazonaws.com' }), { ...opts, targets: [target, target] }).results.map(r => r.accepted)).toEqual([true]);
  });
});

describe('explain a workload: the tokens its pods carry, derived from the Kubernetes artifacts', () => {
  const ref = (resource: string) => ({ file: 'kubernetes/prod-eks.yaml', resource });
  const workload = (o: Partial<K8sWorkload> = {}): K8sWorkload => ({
    ref: ref('Deployment/data/pipeline'), kind: 'Deployment', namespace: 'data', name: 'pipeline', serviceAccountName: 'pipeline', podLabels: {},
    containers: [{
      name: 'main', envFrom: [],
      env: {
        AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
        AZURE_CLIENT_ID: '0a0a0a0a-1111-2222-3333-444444444444', AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token',
        GOOGLE_APPLICATION_CREDENTIALS: '/etc/crossfed/gcp/credential-configuration.json',
      },
      mounts: [
        { volumeName: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount' },
        { volumeName: 'azure-identity-token', mountPath: '/var/run/secrets/azure/tokens' },
        { volumeName: 'gcp-identity-token', mountPath: '/var/run/secrets/gcp/serviceaccount' },
        { volumeName: 'gcp-credential-config', mountPath: '/etc/crossfed/gcp' },
      ],
    }],
    projectedTokens: [
      { volumeName: 'aws-iam-token', audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'token' },
      { volumeName: 'azure-identity-token', audience: ENTRA_AUDIENCE, expirationSeconds: 3600, path: 'azure-identity-token' },
      { volumeName: 'gcp-identity-token', audience: GCP_AUDIENCE, expirationSeconds: 3600, path: 'token' },
    ],
    configMapVolumes: [{ volumeName: 'gcp-credential-config', configMapName: 'pipeline-gcp' }],
    secretVolumes: [],
    ...o,
  });
  const graph = (w: K8sWorkload = workload()): TrustGraph => {
    const g = pipelineGraph();
    g.k8s.serviceAccounts.push({ ref: ref('ServiceAccount/data/pipeline'), namespace: 'data', name: 'pipeline', annotations: {}, labels: {}, issuer: EKS });
    g.k8s.workloads.push(w);
    g.k8s.configMaps.push({
      ref: ref('ConfigMap/data/pipeline-gcp'), namespace: 'data', name: 'pipeline-gcp',
      data: {
        'credential-configuration.json': JSON.stringify({
          type: 'external_account', audience: GCP_AUDIENCE, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', token_url: 'https://sts.googleapis.com/v1/token',
          service_account_impersonation_url: `https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${GSA}:generateAccessToken`,
          credential_source: { file: '/var/run/secrets/gcp/serviceaccount/token', format: { type: 'text' } },
        }),
      },
    });
    return g;
  };

  test('GIVEN explicit volumes, env vars and a credential configuration WHEN the workload is explained THEN each cloud gets its own token and accepts it', () => {
    const g = graph();
    expect(workloadCredentials(g, g.k8s.workloads[0]).map(c => [c.cloud, c.source, c.audience, c.target?.kind])).toEqual([
      ['aws', 'projected volume aws-iam-token', 'sts.amazonaws.com', 'web-identity'],
      ['azure', 'projected volume azure-identity-token', ENTRA_AUDIENCE, 'federated-credential'],
      ['gcp', 'projected volume gcp-identity-token', GCP_AUDIENCE, 'impersonation'],
    ]);
    expect(explainWorkload(g, g.k8s.workloads[0], opts).map(e => [e.result.cloud, e.result.accepted])).toEqual([['aws', true], ['azure', true], ['gcp', true]]);
  });

  test('GIVEN one token shared by two clouds WHEN the workload is explained THEN the cloud it was not minted for refuses it', () => {
    const w = workload();
    const shared = { ...w, containers: [{ ...w.containers[0], env: { ...w.containers[0].env, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' } }] };
    const g = graph(shared);
    const azure = explainWorkload(g, shared, opts)[1].result;
    expect(azure.reason).toBe('AADSTS700212: No matching federated identity record found for presented assertion audience \'sts.amazonaws.com\'');
  });

  test('GIVEN a projection under 10 minutes WHEN the workload is explained THEN the API server\'s refusal comes first', () => {
    const w = workload();
    const short = { ...w, projectedTokens: w.projectedTokens.map(p => (p.volumeName === 'aws-iam-token' ? { ...p, expirationSeconds: 300 } : p)) };
    const r = explainWorkload(graph(short), short, opts)[0].result;
    expect(r).toMatchObject({ cloud: 'aws', accepted: false, reason: 'spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes' });
    expect(r.steps).toEqual([{ check: 'projected service account token', ok: false, detail: 'volume aws-iam-token asks for expirationSeconds 300' }]);
  });

  test('GIVEN webhook mode WHEN the service account carries the annotations THEN the injected tokens are derived', () => {
    const w = workload({ containers: [{ name: 'main', env: {}, envFrom: [], mounts: [] }], projectedTokens: [], configMapVolumes: [], podLabels: { 'azure.workload.identity/use': 'true' } });
    const g = graph(w);
    g.k8s.serviceAccounts[0] = { ...g.k8s.serviceAccounts[0], annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN, 'azure.workload.identity/client-id': '0a0a0a0a-1111-2222-3333-444444444444' } };
    const out = explainWorkload(g, w, opts);
    expect(out.map(e => [e.credential.source, e.token?.claims.aud, e.result.accepted])).toEqual([
      ['amazon-eks-pod-identity-webhook (eks.amazonaws.com/role-arn)', 'sts.amazonaws.com', true],
      ['azure-workload-identity webhook (azure.workload.identity/client-id)', ENTRA_AUDIENCE, true],
    ]);
  });

  test('GIVEN the azure webhook annotation without the pod label WHEN derived THEN no Entra token is injected', () => {
    const w = workload({ containers: [{ name: 'main', env: {}, envFrom: [], mounts: [] }], projectedTokens: [], configMapVolumes: [] });
    const g = graph(w);
    g.k8s.serviceAccounts[0] = { ...g.k8s.serviceAccounts[0], annotations: { 'azure.workload.identity/client-id': '0a0a0a0a-1111-2222-3333-444444444444' } };
    expect(workloadCredentials(g, w)).toEqual([]);
  });

  test('GIVEN an env var pointing at a file no volume provides WHEN derived THEN the refusal says the SDK cannot read it', () => {
    const w = workload();
    const broken = { ...w, containers: [{ ...w.containers[0], env: { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/wrong/token' } }] };
    expect(explainWorkload(graph(broken), broken, opts)[0].result.reason).toBe('crossfed: the AWS SDK would fail to read /var/run/secrets/wrong/token: no projected token is mounted there');
  });

  test('GIVEN the default service account token WHEN given to AWS THEN its audience (the API server\'s) is refused', () => {
    const w = workload();
    const legacy = { ...w, containers: [{ ...w.containers[0], env: { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/kubernetes.io/serviceaccount/token' } }] };
    expect(explainWorkload(graph(legacy), legacy, opts)[0].result.reason).toBe('InvalidIdentityToken: Incorrect token audience');
  });

  test('GIVEN no issuer for the cluster WHEN explained THEN crossfed asks for it', () => {
    const g = graph();
    g.k8s.serviceAccounts[0] = { ...g.k8s.serviceAccounts[0], issuer: undefined };
    expect(explainWorkload(g, g.k8s.workloads[0], opts)[0].result).toMatchObject({ undecided: true, reason: 'crossfed: give the cluster\'s issuer with --issuer or in the model' });
    expect(explainWorkload(g, g.k8s.workloads[0], { ...opts, issuer: EKS })[0].result.accepted).toBe(true);
  });
});

describe('the entry point of crossfed explain', () => {
  test('GIVEN a token subject WHEN explained THEN every identity answers', () => {
    const out = explain(pipelineGraph(), { subject: { token: k8sToken({ aud: 'sts.amazonaws.com' }) }, ...opts });
    expect(out.results.map(r => `${r.cloud} ${r.accepted}`)).toEqual(['aws true', 'azure false', 'gcp false']);
  });

  test('GIVEN a workload named as namespace/name WHEN explained THEN its credentials answer, with the issuer given by --issuer', () => {
    const g = pipelineGraph();
    g.k8s.workloads.push({
      ref: { file: 'k.yaml', resource: 'Deployment/data/pipeline' }, kind: 'Deployment', namespace: 'data', name: 'pipeline', serviceAccountName: 'pipeline', podLabels: {},
      containers: [{ name: 'main', envFrom: [], env: { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: '/t/token' }, mounts: [{ volumeName: 'aws', mountPath: '/t' }] }],
      projectedTokens: [{ volumeName: 'aws', audience: 'sts.amazonaws.com', expirationSeconds: 3600, path: 'token' }], configMapVolumes: [], secretVolumes: [],
    });
    expect(findWorkloads(g, 'Deployment/data/pipeline')).toHaveLength(1);
    expect(findWorkloads(g, 'other/pipeline')).toHaveLength(0);
    const out = explain(g, { subject: { workload: 'data/pipeline' }, issuer: EKS, ...opts });
    expect(out.results.map(r => `${r.cloud} ${r.accepted}`)).toEqual(['aws true']);
    expect(out.workloadCredentials![0].token!.claims.aud).toBe('sts.amazonaws.com');
    expect(intendedPairsFromWorkloads(g, { issuer: EKS, now: NOW }).map(p => p.label)).toEqual(['Deployment/data/pipeline (main) → aws via projected volume aws']);
  });
});

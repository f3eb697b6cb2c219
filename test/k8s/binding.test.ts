import { ApiObject, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { envOf, Manifest, one, podSpecOf, projectedTokens, synth, validateManifests } from './helpers';
import { WorkloadIdentity } from '../../lib/k8s';
import { TargetCloud } from '../../lib/model';
import { smallModel } from '../model/fixtures';
import { problemOf } from '../model/helpers';

const CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000002';

/** An EKS workload reaching all three clouds in explicit mode, one in IRSA webhook mode, one in Azure webhook mode on AKS. */
function bindingModel() {
  const f = smallModel();
  const existingApplication = { clientId: CLIENT_ID, objectId: 'c0ffee00-0000-4000-8000-0000000000bb' };
  const pipeline = f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'pipeline', name: 'pipeline' });
  pipeline.grantAws(f.aws, { roleName: 'pipeline-reader', webhook: false });
  pipeline.grantAzure(f.azure, { existingApplication });
  pipeline.grantGcp(f.gcp, { serviceAccount: 'pipeline-reader' });
  const irsa = f.model.addWorkload({ issuer: f.eks, namespace: 'data', serviceAccount: 'irsa-app', name: 'irsa-app' });
  irsa.grantAws(f.aws, { roleName: 'irsa-app' });
  const frontend = f.model.addWorkload({ issuer: f.aks, namespace: 'web', serviceAccount: 'frontend', name: 'frontend' });
  frontend.grantAzure(f.azure, { existingApplication });
  return { ...f, pipeline, irsa, frontend };
}

const image = 'registry.example.com/app:1.0';
const OUR_VOLUMES = ['aws-iam-token', 'azure-identity-token', 'gcp-identity-token', 'gcp-credential-config'];

describe('binding to cdk8s-plus workloads', () => {
  test('GIVEN a Deployment with two containers and its own volume WHEN the identity is bound THEN every container gets every cloud and the volume stays', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const deployment = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' }, containers: [{ name: 'app', image }, { name: 'sidecar', image }] });
      const cache = kplus.Volume.fromEmptyDir(chart, 'cache', 'cache');
      deployment.containers[0].mount('/cache', cache);
      identity.bind(deployment);
    });
    const deployment = one(objects, 'Deployment');
    const spec = podSpecOf(deployment);
    expect(deployment.metadata.namespace).toBe('data');
    expect(spec.serviceAccountName).toBe('pipeline');
    expect(spec.volumes.map((v: Manifest) => v.name)).toEqual(['cache', ...OUR_VOLUMES]);
    expect(Object.keys(projectedTokens(spec))).toEqual(['aws-iam-token', 'azure-identity-token', 'gcp-identity-token']);
    for (const c of spec.containers) {
      expect(c.volumeMounts.filter((x: Manifest) => OUR_VOLUMES.includes(x.name)).map((x: Manifest) => x.mountPath)).toEqual([
        '/var/run/secrets/eks.amazonaws.com/serviceaccount', '/var/run/secrets/azure/tokens', '/var/run/secrets/gcp/serviceaccount', '/etc/crossfed/gcp',
      ]);
      expect(Object.keys(envOf(c))).toEqual([
        'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_STS_REGIONAL_ENDPOINTS',
        'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT',
      ]);
    }
    expect(spec.containers[0].volumeMounts[0]).toMatchObject({ name: 'cache', mountPath: '/cache' });
    // What the binding wrote (cdk8s-plus' own defaults and address hash left out).
    expect({
      namespace: deployment.metadata.namespace,
      serviceAccountName: spec.serviceAccountName,
      volumes: spec.volumes,
      containers: spec.containers.map((c: Manifest) => ({ name: c.name, env: c.env, volumeMounts: c.volumeMounts })),
    }).toMatchSnapshot();
  });

  test('GIVEN a binding WHEN containers and volumes are added after it THEN they are merged too (the merge happens at synthesis)', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const deployment = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] });
      identity.bind(deployment);
      const late = deployment.addContainer({ name: 'late', image });
      late.mount('/data', kplus.Volume.fromEmptyDir(chart, 'data', 'data'));
    });
    const spec = podSpecOf(one(objects, 'Deployment'));
    expect(spec.volumes.map((v: Manifest) => v.name)).toEqual(['data', ...OUR_VOLUMES]);
    expect(envOf(spec.containers[1]).AWS_ROLE_ARN).toBe('arn:aws:iam::111122223333:role/pipeline-reader');
  });

  test('GIVEN containers selected WHEN bound THEN only they get credentials, init containers included by name', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const job = new kplus.Job(chart, 'job', { containers: [{ name: 'main', image }, { name: 'proxy', image }], initContainers: [{ name: 'fetch', image }] });
      identity.bind(job, { containers: ['fetch', 'main'] });
    });
    const spec = podSpecOf(one(objects, 'Job'));
    const byName = Object.fromEntries([...spec.containers, ...spec.initContainers].map((c: Manifest) => [c.name, c]));
    expect(envOf(byName.fetch).AZURE_CLIENT_ID).toBe(CLIENT_ID);
    expect(envOf(byName.main).AZURE_CLIENT_ID).toBe(CLIENT_ID);
    expect(byName.proxy.env).toBeUndefined();
    expect(byName.proxy.volumeMounts).toBeUndefined();
  });

  test('GIVEN an identity in IRSA webhook mode and a container left out WHEN bound THEN the pod annotation tells the webhook to skip it', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'irsa', { workload: m.irsa });
      const deployment = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }, { name: 'untrusted', image }] });
      identity.bind(deployment, { containers: ['app'] });
    });
    const deployment = one(objects, 'Deployment');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'eks.amazonaws.com/skip-containers': 'untrusted' });
    expect(podSpecOf(deployment).volumes).toBeUndefined();
    expect(one(objects, 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::111122223333:role/irsa-app');
  });

  test('GIVEN an identity in Azure webhook mode WHEN bound to a StatefulSet THEN its pod template gets the label and no volume', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'frontend', { workload: m.frontend });
      const set = new kplus.StatefulSet(chart, 'set', { containers: [{ name: 'web', image, ports: [{ number: 8080 }] }] });
      identity.bind(set);
    });
    const set = one(objects, 'StatefulSet');
    expect(set.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(podSpecOf(set).serviceAccountName).toBe('frontend');
    expect(podSpecOf(set).volumes).toBeUndefined();
  });

  test('GIVEN a CronJob and a Pod WHEN bound THEN the credentials land in their pod specs', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      identity.bind(new kplus.CronJob(chart, 'nightly', { schedule: Cron.daily(), containers: [{ name: 'run', image }] }));
      identity.bind(new kplus.Pod(chart, 'debug', { containers: [{ name: 'shell', image }] }));
    });
    for (const kind of ['CronJob', 'Pod']) {
      const spec = podSpecOf(one(objects, kind));
      expect(spec.serviceAccountName).toBe('pipeline');
      expect(Object.keys(projectedTokens(spec))).toHaveLength(3);
    }
  });

  test('GIVEN the clouds option WHEN two bindings split the clouds over two containers THEN each container gets its own cloud only', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const deployment = new kplus.Deployment(chart, 'app', { containers: [{ name: 'uploader', image }, { name: 'reader', image }] });
      identity.bind(deployment, { clouds: [TargetCloud.AWS], containers: ['uploader'] });
      identity.bind(deployment, { clouds: [TargetCloud.GCP], containers: ['reader'] });
    });
    const spec = podSpecOf(one(objects, 'Deployment'));
    expect(spec.volumes.map((v: Manifest) => v.name)).toEqual(['aws-iam-token', 'gcp-identity-token', 'gcp-credential-config']);
    expect(Object.keys(envOf(spec.containers[0]))).toEqual(['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_STS_REGIONAL_ENDPOINTS']);
    expect(Object.keys(envOf(spec.containers[1]))).toEqual(['GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT']);
  });

  test('GIVEN a container with its own AWS_REGION WHEN bound THEN its region wins, while the identity variables are crossfed\'s', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image, envVariables: { AWS_REGION: kplus.EnvValue.fromValue('eu-west-1') } }] });
      identity.bind(d, { clouds: [TargetCloud.AWS] });
    });
    const env = envOf(podSpecOf(one(objects, 'Deployment')).containers[0]);
    expect(env.AWS_REGION).toBe('eu-west-1');
    expect(env.AWS_ROLE_ARN).toBe('arn:aws:iam::111122223333:role/pipeline-reader');
  });
});

describe('binding to low-level objects and raw specs', () => {
  test('GIVEN a k8s.KubeDeployment WHEN bound with bindApiObject THEN its template gets the credentials and its selector is untouched', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
      const labels = { app: 'raw' };
      const raw = new kplus.k8s.KubeDeployment(chart, 'raw', {
        metadata: { name: 'raw', namespace: 'data' },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } } },
      });
      identity.bindApiObject(raw, { clouds: [TargetCloud.AZURE] });
    });
    const d = one(objects, 'Deployment');
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'raw' } });
    expect(projectedTokens(podSpecOf(d))).toEqual({ 'azure-identity-token': { audience: 'api://AzureADTokenExchange', expirationSeconds: 3600, path: 'azure-identity-token' } });
  });

  test('GIVEN a raw pod spec WHEN applyToPodSpec THEN a copy with the credentials, the input unchanged', () => {
    const m = bindingModel();
    const identity = new WorkloadIdentity(new Chart(Testing.app(), 't'), 'pipeline', { workload: m.pipeline });
    const input: kplus.k8s.PodSpec = { containers: [{ name: 'app', image, env: [{ name: 'LOG', value: 'debug' }] }] };
    const out = identity.applyToPodSpec(input);
    expect(input).toEqual({ containers: [{ name: 'app', image, env: [{ name: 'LOG', value: 'debug' }] }] });
    expect(out.serviceAccountName).toBe('pipeline');
    expect(out.containers[0].env!.map(e => e.name)).toEqual(['LOG', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_STS_REGIONAL_ENDPOINTS',
      'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT']);
    expect(out.volumes!.map(v => v.name)).toEqual(OUR_VOLUMES);
  });

  test('GIVEN a KubePod built from applyToPodTemplate WHEN synthesized THEN it validates and carries the webhook label', () => {
    const m = bindingModel();
    const objects = synth(chart => {
      const identity = new WorkloadIdentity(chart, 'frontend', { workload: m.frontend });
      const t = identity.applyToPodTemplate({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });
      new kplus.k8s.KubePod(chart, 'pod', { metadata: { name: 'web', namespace: 'web', labels: t.metadata!.labels }, spec: t.spec });
    });
    const pod = one(objects, 'Pod');
    expect(pod.metadata.labels).toEqual({ 'app': 'web', 'azure.workload.identity/use': 'true' });
    expect(pod.spec.serviceAccountName).toBe('frontend');
  });

  test('GIVEN an identity WHEN its parts are read THEN they are copies that cannot change what it binds', () => {
    const m = bindingModel();
    const identity = new WorkloadIdentity(new Chart(Testing.app(), 't'), 'pipeline', { workload: m.pipeline });
    (identity.volumes[0] as { name: string }).name = 'changed';
    identity.env.pop();
    expect(identity.volumes.map(v => v.name)).toEqual(OUR_VOLUMES);
    expect(identity.env).toHaveLength(11);
    expect(identity.credentials.map(c => [c.cloud, c.explicit, c.identity])).toEqual([
      ['aws', true, 'arn:aws:iam::111122223333:role/pipeline-reader'],
      ['azure', true, CLIENT_ID],
      ['gcp', true, 'pipeline-reader@acme-data.iam.gserviceaccount.com'],
    ]);
  });
});

describe('binding errors name the field, the value and the fix', () => {
  /** Builds a chart with the pipeline identity, runs `build`, and returns the problem synthesis stops with. */
  function problemAtSynth(build: (chart: Chart, identity: WorkloadIdentity, m: ReturnType<typeof bindingModel>) => void) {
    const m = bindingModel();
    const chart = new Chart(Testing.app(), 'test');
    const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
    build(chart, identity, m);
    return problemOf(() => chart.toJson());
  }

  test('GIVEN your volume mounted where crossfed mounts a token WHEN synthesized THEN the collision is named', () => {
    const p = problemAtSynth((chart, identity) => {
      const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] });
      d.containers[0].mount('/var/run/secrets/azure/tokens', kplus.Volume.fromEmptyDir(chart, 'mine', 'my-tokens'));
      identity.bind(d);
    });
    expect(p.message).toBe('test/app/Resource: containers["app"].volumeMounts "/var/run/secrets/azure/tokens" is already the mount path of your volume "my-tokens"; '
      + 'crossfed mounts volume "azure-identity-token" there (Kubernetes refuses two mounts at one path). '
      + 'Allowed: your mounts anywhere but /var/run/secrets/eks.amazonaws.com/serviceaccount, /var/run/secrets/azure/tokens, /var/run/secrets/gcp/serviceaccount, /etc/crossfed/gcp. '
      + 'Fix: mount "my-tokens" at another path, or leave container "app" out of the binding (containers option)');
  });

  test('GIVEN a container name the pod does not have WHEN synthesized THEN the error lists the containers there are', () => {
    const p = problemAtSynth((chart, identity) => {
      const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }], initContainers: [{ name: 'init', image }] });
      identity.bind(d, { containers: ['ap'] });
    });
    expect(p.message).toBe('test/app/Resource: containers "ap" names no container of the pod. Allowed: the name of a container or init container: "init", "app". '
      + 'Fix: use the container\'s exact name, or leave containers unset to give the credentials to every container');
  });

  test('GIVEN your volume with the name of crossfed\'s WHEN synthesized THEN the error asks to rename it', () => {
    const p = problemAtSynth((chart, identity) => {
      const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] });
      d.addVolume(kplus.Volume.fromEmptyDir(chart, 'v', 'aws-iam-token'));
      identity.bind(d);
    });
    expect(p.field).toBe('volumes');
    expect(p.value).toBe('aws-iam-token');
    expect(p.fix).toBe('rename your volume "aws-iam-token"');
  });

  test('GIVEN a pod running as another service account WHEN synthesized THEN the error names both', () => {
    const p = problemAtSynth((chart, identity) => {
      const other = kplus.ServiceAccount.fromServiceAccountName(chart, 'other', 'builder');
      identity.bind(new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }], serviceAccount: other }));
    });
    expect(p.message).toBe('test/app/Resource: serviceAccountName "builder" is already set, but the credentials are those of service account "pipeline". '
      + 'Allowed: "pipeline", or unset (crossfed sets it). Fix: remove the service account from the pod, or bind the identity of "builder" instead');
  });

  test('GIVEN a pod in another namespace WHEN synthesized THEN the error says a pod runs as a service account of its own namespace', () => {
    const p = problemAtSynth((chart, identity) => {
      identity.bind(new kplus.Deployment(chart, 'app', { metadata: { namespace: 'web' }, containers: [{ name: 'app', image }] }));
    });
    expect(p.field).toBe('metadata.namespace');
    expect(p.value).toBe('web');
    expect(p.problem).toContain('a pod can only run as a service account of its own namespace');
  });

  test('GIVEN a container that sets AWS_ROLE_ARN itself WHEN synthesized THEN the conflict is an error, not a silent override', () => {
    const p = problemAtSynth((chart, identity) => {
      identity.bind(new kplus.Deployment(chart, 'app', {
        containers: [{ name: 'app', image, envVariables: { AWS_ROLE_ARN: kplus.EnvValue.fromValue('arn:aws:iam::111122223333:role/other') } }],
      }));
    });
    expect(p.field).toBe('containers["app"].env["AWS_ROLE_ARN"]');
    expect(p.value).toBe('arn:aws:iam::111122223333:role/other');
  });

  test('GIVEN two identities bound to one pod WHEN bound THEN the second binding fails at once', () => {
    const m = bindingModel();
    const chart = new Chart(Testing.app(), 'test');
    const d = new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] });
    new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline }).bind(d);
    const irsa = new WorkloadIdentity(chart, 'irsa', { workload: m.irsa });
    const p = problemOf(() => irsa.bind(d));
    expect(p.message).toBe('test/app/Resource: serviceAccountName "prod-eks/pipeline" already gets the credentials of workload "prod-eks/pipeline"; a pod runs as one service account. Fix: bind one identity per pod');
  });

  test('GIVEN a cloud the workload was not granted WHEN bound with clouds THEN the error lists the granted clouds', () => {
    const m = bindingModel();
    const chart = new Chart(Testing.app(), 'test');
    const irsa = new WorkloadIdentity(chart, 'irsa', { workload: m.irsa });
    const p = problemOf(() => irsa.bind(new kplus.Deployment(chart, 'app', { containers: [{ name: 'app', image }] }), { clouds: [TargetCloud.GCP] }));
    expect(p.message).toBe('test/app/Resource: clouds "gcp" is not a cloud workload "prod-eks/irsa-app" was granted. Allowed: "aws". Fix: grant it in the model first, or leave it out');
  });

  test('GIVEN an empty clouds list WHEN bound THEN it is refused rather than binding nothing', () => {
    const m = bindingModel();
    const chart = new Chart(Testing.app(), 'test');
    const identity = new WorkloadIdentity(chart, 'pipeline', { workload: m.pipeline });
    const p = problemOf(() => identity.applyToPodSpec({ containers: [{ name: 'app', image }] }, { clouds: [] }));
    expect(p.message).toBe('test/pipeline.applyToPodSpec: clouds [] selects no cloud. Allowed: "aws", "azure", "gcp". Fix: leave clouds unset to give every granted cloud\'s credentials');
  });

  test('GIVEN an object without a pod template WHEN bound THEN synthesis names the kinds that have one', () => {
    const p = problemAtSynth((chart, identity) => {
      identity.bindApiObject(new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
    });
    expect(p.field).toBe('kind');
    expect(p.allowed).toBe('Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob, PodTemplate');
  });

  test('GIVEN an identity in Azure webhook mode WHEN applied to a bare pod spec THEN it asks for a pod template, which can carry the label', () => {
    const m = bindingModel();
    const identity = new WorkloadIdentity(new Chart(Testing.app(), 't'), 'frontend', { workload: m.frontend });
    const p = problemOf(() => identity.applyToPodSpec({ containers: [{ name: 'web', image }] }));
    expect(p.message).toBe('t/frontend.applyToPodSpec: podSpec cannot carry the pod label azure.workload.identity/use: "true" that the webhook mode of workload "prod-aks/frontend" needs. '
      + 'Fix: use applyToPodTemplate (metadata and spec), or bind the identity to the workload');
  });
});

test('GIVEN the Kubernetes validator WHEN given a projected token with a string lifetime THEN it refuses it (the validator is real)', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'a', image }], volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: '3600' } }] } }] } };
  expect(() => validateManifests([pod])).toThrow('serviceAccountToken/expirationSeconds must be integer');
  expect(() => validateManifests([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }])).toThrow('no kubernetes-models validator for v1/Secret');
});

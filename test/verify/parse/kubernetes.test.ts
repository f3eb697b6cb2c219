import { parseArtifacts } from '../../../lib/verify';

const parse = (text: string) => parseArtifacts([{ path: 'k.yaml', content: text }]);

describe('Kubernetes parser', () => {
  test('GIVEN every workload kind WHEN parsed THEN each pod template is read, in its namespace', () => {
    const pod = (sa: string) => `spec: { serviceAccountName: ${sa}, containers: [{ name: c }] }`;
    const g = parse([
      `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: a }\n${pod('s1')}`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, namespace: a }\nspec: { template: { ${pod('s2')} } }`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: s }\nspec: { template: { ${pod('s3')} } }`,
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: ds }\nspec: { template: { ${pod('s4')} } }`,
      `apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec: { template: { ${pod('s5')} } }`,
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: cj }\nspec: { jobTemplate: { spec: { template: { ${pod('s6')} } } } }`,
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }',
    ].join('\n---\n'));
    expect(g.k8s.workloads.map(w => `${w.ref.resource} ${w.serviceAccountName} line ${w.ref.line}`)).toEqual([
      'Pod/a/p s1 line 1', 'Deployment/a/d s2 line 6', 'StatefulSet/default/s s3 line 11', 'DaemonSet/default/ds s4 line 16', 'Job/default/j s5 line 21', 'CronJob/default/cj s6 line 26',
    ]);
  });

  test('GIVEN projected tokens, env, envFrom, ConfigMap and Secret volumes WHEN parsed THEN all are in the workload', () => {
    const g = parse(`apiVersion: v1
kind: Pod
metadata: { name: p, namespace: a }
spec:
  containers:
    - name: c
      env:
        - { name: A, value: "1" }
        - { name: B, valueFrom: { secretKeyRef: { name: s, key: k } } }
      envFrom: [{ configMapRef: { name: cm } }, { secretRef: { name: sec } }]
      volumeMounts: [{ name: t, mountPath: /t, subPath: token }]
  volumes:
    - name: t
      projected:
        sources:
          - serviceAccountToken: { audience: sts.amazonaws.com, expirationSeconds: 7200, path: token }
          - configMap: { name: cfg, items: [{ key: k, path: p.json }] }
    - { name: s, secret: { secretName: sec } }
`);
    const w = g.k8s.workloads[0];
    expect(w.containers[0]).toEqual({ name: 'c', env: { A: '1', B: { unresolved: 'secretKeyRef s/k' } }, envFrom: [{ kind: 'ConfigMap', name: 'cm' }, { kind: 'Secret', name: 'sec' }], mounts: [{ volumeName: 't', mountPath: '/t', subPath: 'token' }] });
    expect(w.projectedTokens).toEqual([{ volumeName: 't', audience: 'sts.amazonaws.com', expirationSeconds: 7200, path: 'token' }]);
    expect(w.configMapVolumes).toEqual([{ volumeName: 't', configMapName: 'cfg', items: { k: 'p.json' } }]);
    expect(w.secretVolumes).toEqual([{ volumeName: 's', secretName: 'sec' }]);
  });

  test('GIVEN a List, Secrets with base64 data, RBAC and the issuer annotation WHEN parsed THEN all are read', () => {
    const g = parse(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: { name: sa, namespace: a, annotations: { crossfed.dev/issuer: "https://i" } }
  - apiVersion: v1
    kind: Secret
    metadata: { name: s, namespace: a }
    data: { k: aGVsbG8= }
    stringData: { t: plain }
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: { name: deployers }
    roleRef: { kind: ClusterRole, name: edit }
    subjects: [{ kind: Group, name: "crossfed:deployers" }]
`);
    expect(g.k8s.serviceAccounts[0].issuer).toBe('https://i');
    expect(g.k8s.secrets[0].data).toEqual({ k: 'hello', t: 'plain' });
    expect(g.k8s.bindings[0]).toMatchObject({ ref: { resource: 'ClusterRoleBinding/deployers' }, kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'crossfed:deployers' }] });
  });

  test('GIVEN one broken document among good ones WHEN parsed THEN the others are read and the broken one reported with its line', () => {
    const g = parse('apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: a }\n---\nkind: [\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: b }\n');
    expect(g.k8s.serviceAccounts.map(s => s.name)).toEqual(['a', 'b']);
    expect(g.parseErrors.map(e => [e.file, e.line])).toEqual([['k.yaml', 6]]);
  });

  test('GIVEN a Helm template WHEN parsed THEN the parse error says to render it first', () => {
    const g = parse('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n  {{- with .Values.annotations }}\n  annotations: {{ toYaml . | nindent 4 }}\n  {{- end }}\n');
    expect(g.parseErrors.map(e => e.message.replace(/^is not valid YAML: .*? \(/, '('))).toEqual(['(it holds {{ }} placeholders: render Helm or other templates first, e.g. `helm template`, and check the output)']);
  });

  test('GIVEN an alias bomb WHEN parsed THEN refused with a position, no hang', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
    const g = parse(lines.join('\n'));
    expect(g.parseErrors[0].message).toMatch(/aliases/);
  });
});

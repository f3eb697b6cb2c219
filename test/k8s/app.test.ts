import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { envOf, Manifest, one, podSpecOf, validateManifests } from './helpers';
import { buildApp } from '../../apps/kubernetes-app';

const ROOT = path.join(__dirname, '..', '..');

describe('apps/kubernetes-app.ts', () => {
  const objects = parseAllDocuments(buildApp('unused').synthYaml()).map(d => d.toJSON() as Manifest);

  test('GIVEN the example app WHEN synthesized THEN every object validates and the Deployment runs as the pipeline service account', () => {
    expect(validateManifests(objects)).toBe(objects.length);
    const deployment = one(objects, 'Deployment');
    expect(deployment.metadata.namespace).toBe('data');
    expect(podSpecOf(deployment).serviceAccountName).toBe('pipeline');
  });

  test('GIVEN the binding to the worker only WHEN synthesized THEN the metrics container gets nothing and the IRSA webhook skips it', () => {
    const deployment = one(objects, 'Deployment');
    const [worker, metrics] = podSpecOf(deployment).containers;
    expect(envOf(worker).AZURE_FEDERATED_TOKEN_FILE).toBe('/var/run/secrets/azure/tokens/azure-identity-token');
    expect(envOf(worker).GOOGLE_APPLICATION_CREDENTIALS).toBe('/etc/crossfed/gcp/credential-configuration.json');
    expect(metrics.env).toBeUndefined();
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'eks.amazonaws.com/skip-containers': 'metrics' });
  });

  test('GIVEN docs/kubernetes.md WHEN read THEN it shows the app as it is (the docs cannot rot)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'kubernetes.md'), 'utf8');
    const app = fs.readFileSync(path.join(ROOT, 'apps', 'kubernetes-app.ts'), 'utf8');
    expect(doc).toContain(`\`\`\`ts\n${app}\`\`\``);
  });
});

import { isUnresolved } from '../../graph';
import { defineRule } from '../rule';

/** Names of variables and keys that hold long-lived cloud secrets. */
const SECRET_NAMES = /^(AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN|AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PASSWORD|ARM_CLIENT_SECRET|ARM_ACCESS_KEY|GOOGLE_CREDENTIALS|GOOGLE_CLOUD_KEYFILE_JSON)$/i;

/** What a value gives away, if it is a cloud secret. */
function secretValue(v: string): string | undefined {
  if (/\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(v)) return 'an AWS access key id';
  if (/aws_secret_access_key\s*=/i.test(v)) return 'an AWS credentials file';
  if (/"type"\s*:\s*"service_account"/.test(v) && /"private_key"\s*:/.test(v)) return 'a GCP service account key';
  return undefined;
}

export default defineRule({
  id: 'k8s-static-credentials',
  cloud: 'kubernetes',
  severity: 'error',
  title: 'Long-lived cloud keys in a ConfigMap, a Secret or a container\'s env',
  description: 'Access keys, client secrets and service account keys do not expire and work from anywhere: the very thing federation replaces. Error in a ConfigMap or a literal env value (readable by anyone who can read the object); warning in a Secret or an env var taken from one.',
  fix: 'Delete the key (and rotate it): federate the workload\'s service account with the cloud instead.',
  see: 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys',
  check(ctx, report) {
    const scan = (ref: Parameters<typeof report>[0], where: string, data: Readonly<Record<string, string>>, severity: 'error' | 'warning') => {
      for (const [key, value] of Object.entries(data)) {
        const what = SECRET_NAMES.test(key) ? `${key}` : secretValue(value);
        if (what) report(ref, `${where} "${key}" holds ${SECRET_NAMES.test(key) ? 'a static cloud secret' : what}`, { severity, fix: 'delete it, rotate the key, and federate the workload instead' });
      }
    };
    for (const cm of ctx.graph.k8s.configMaps) scan(cm.ref, 'key', cm.data, 'error');
    for (const s of ctx.graph.k8s.secrets) if (s.type !== 'kubernetes.io/service-account-token') scan(s.ref, 'key', s.data, 'warning');
    for (const w of ctx.graph.k8s.workloads) {
      for (const c of w.containers) {
        for (const [name, value] of Object.entries(c.env)) {
          if (isUnresolved(value)) {
            if (SECRET_NAMES.test(name) && value.unresolved.startsWith('secretKeyRef')) report(w.ref, `container ${c.name}: env ${name} takes a static cloud secret from ${value.unresolved.replace(/^secretKeyRef /, 'Secret ')}`, { severity: 'warning', fix: 'remove it and federate the workload instead' });
            continue;
          }
          if (SECRET_NAMES.test(name) || secretValue(value)) report(w.ref, `container ${c.name}: env ${name} holds ${SECRET_NAMES.test(name) ? 'a static cloud secret' : secretValue(value)} in plain text`, { fix: 'remove it, rotate the key, and federate the workload instead' });
        }
      }
    }
  },
});

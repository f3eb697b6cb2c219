import { show } from '../../graph';
import { known } from '../../private/val';
import { defineRule } from '../rule';

export default defineRule({
  id: 'azure-fic-duplicate',
  cloud: 'azure',
  severity: 'error',
  title: 'Two federated credentials of one parent have the same issuer and subject, or the same name',
  description: 'Entra ID requires issuer + subject, and the name, to be unique per application or managed identity: the second create fails.',
  fix: 'Remove the duplicate credential.',
  see: 'https://learn.microsoft.com/graph/api/resources/federatedidentitycredentials-overview',
  check(ctx, report) {
    const seen = new Map<string, string>();
    for (const c of ctx.graph.azure.credentials) {
      const parent = show(c.parent);
      const [issuer, subject, name] = [known(c.issuer), known(c.subject), known(c.name)];
      if (issuer !== undefined && subject !== undefined) {
        const key = `${parent}\n${issuer}\n${subject}`;
        const first = seen.get(key);
        if (first) report(c.ref, `duplicates ${first}: both give ${parent} issuer "${issuer}" and subject "${subject}"`, { fix: `remove ${c.ref.resource} or ${first}` });
        else seen.set(key, c.ref.resource);
      }
      if (name !== undefined) {
        const key = `${parent}\n\nname\n${name}`;
        const first = seen.get(key);
        if (first) report(c.ref, `has the name "${name}" of ${first} on the same parent ${parent}`, { fix: 'give each credential of a parent its own name' });
        else seen.set(key, c.ref.resource);
      }
    }
  },
});

import { isUnresolved, SourceRef, Val } from '../../graph';
import { webIdentityTrust } from '../../private/aws';
import { defineRule } from '../rule';

export default defineRule({
  id: 'x-unresolved',
  cloud: 'cross-artifact',
  severity: 'info',
  title: 'A value the checks need could not be resolved statically',
  description: 'Parameters, variables, data sources and attributes a cloud assigns at deploy time are kept as unknown, never guessed. Where such a value decides trust — an issuer, a subject, an audience, a trust condition, a scope — the checks that need it were skipped.',
  fix: 'Pass the value with `--parameter NAME=VALUE` (CloudFormation parameters and pseudo parameters such as `AWS::AccountId`, Terraform `var.<name>`), or review the deployed value.',
  check(ctx, report) {
    const each = (ref: SourceRef, fields: Array<[string, Val | undefined]>) => {
      const open = fields.filter(([, v]) => v !== undefined && isUnresolved(v) && !v.parts) as Array<[string, { unresolved: string }]>;
      if (open.length > 0) report(ref, `${open.map(([f, v]) => `${f} is ${v.unresolved}`).join('; ')}: checks that need ${open.length === 1 ? 'it' : 'them'} were skipped`);
    };
    for (const c of ctx.graph.azure.credentials) each(c.ref, [['issuer', c.issuer], ['subject', c.subject], ...c.audiences.map((a, i): [string, Val] => [`audiences[${i}]`, a])]);
    for (const p of ctx.graph.aws.providers) each(p.ref, [['Url', p.url], ...p.clientIds.map((a, i): [string, Val] => [`ClientIdList[${i}]`, a])]);
    for (const p of ctx.graph.gcp.providers) each(p.ref, [['oidc.issuer_uri', p.issuerUri], ['aws.account_id', p.awsAccountId], ['attribute_condition', p.attributeCondition]]);
    for (const a of ctx.graph.azure.roleAssignments) if (!/^\$\{(data\.)?azurerm_[\w]+\.[\w-]+\.id\}$/.test(typeof a.scope === 'string' ? '' : a.scope.unresolved)) each(a.ref, [['scope', a.scope]]);
    for (const { role, statement } of webIdentityTrust(ctx.graph)) {
      each(role.ref, [
        ...statement.federated.map((f, i): [string, Val] => [`Statement[${statement.index}].Principal.Federated[${i}]`, f]),
        ...statement.conditions.flatMap(c => c.values.map((v, i): [string, Val] => [`Statement[${statement.index}].Condition.${c.operator}.${c.key}[${i}]`, v])),
      ]);
    }
  },
});

import { GOOGLE_AUD_KEY, GOOGLE_OAUD_KEY, GOOGLE_PROVIDER, GOOGLE_SUB_KEY } from '../../../model/aws';
import { statementLabel } from '../../private/aws';
import { policyStatements, TrustCondition, webIdentityStatements } from '../../private/iam';
import { known } from '../../private/val';
import { defineRule } from '../rule';

/** Whether a condition compares the key exactly (not a pattern, not "when present"). */
function exact(c: TrustCondition): boolean {
  return c.base === 'StringEquals' && !c.ifExists && c.qualifier !== 'ForAllValues' && c.values.length > 0;
}

export default defineRule({
  id: 'aws-google-trust',
  cloud: 'aws',
  severity: 'error',
  title: 'A role trusting Google ID tokens (`accounts.google.com`) does not pin the service account, or pins the audience in the wrong key',
  description: 'Roles trust Google through AWS\'s built-in provider `accounts.google.com`, which accepts the ID tokens of every Google account in the world — and anyone can ask Google for an ID token with any audience. Only `accounts.google.com:sub`, and `accounts.google.com:aud`, say whose token it is: when the token has an `azp` claim (a service account\'s ID tokens always do, with its unique id) AWS puts the azp in `:aud` and the token\'s `aud` in `accounts.google.com:oaud`. A statement without an exact `:sub` or `:aud` lets every Google account in (an error); an audience string in `:aud` never matches a service account\'s token, whose azp is a number, so the role is unreachable (an error); without `:oaud` a token the service account asked for another audience also gets in (a warning).',
  fix: 'StringEquals `accounts.google.com:aud` and `accounts.google.com:sub` on the service account\'s unique id, and `accounts.google.com:oaud` on the audience it asks for.',
  see: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif',
  check(ctx, report) {
    for (const role of ctx.graph.aws.roles) {
      for (const s of webIdentityStatements(policyStatements(role.trustPolicy) ?? [])) {
        if (!s.federated.some(f => known(f) === GOOGLE_PROVIDER)) continue;
        const on = (key: string) => s.conditions.filter(c => c.key.toLowerCase() === key.toLowerCase());
        const subs = on(GOOGLE_SUB_KEY).filter(exact);
        const auds = on(GOOGLE_AUD_KEY).filter(exact);
        const label = statementLabel(s);
        const textual = auds.flatMap(c => c.values.map(known)).filter((v): v is string => v !== undefined && !/^\d+$/.test(v));
        if (textual.length > 0) {
          report(role.ref, `${label}: ${GOOGLE_AUD_KEY} is "${textual[0]}", but for a service account's ID token that key holds its azp, the numeric unique id; the token's aud is ${GOOGLE_OAUD_KEY}: no service account's token matches, so the role is unreachable`,
            { fix: `move "${textual[0]}" to ${GOOGLE_OAUD_KEY}, and set ${GOOGLE_AUD_KEY} and ${GOOGLE_SUB_KEY} to the service account's unique id` });
        }
        if (subs.length === 0 && auds.length === 0) {
          report(role.ref, `${label} trusts ${GOOGLE_PROVIDER} with no exact condition on ${GOOGLE_SUB_KEY} or ${GOOGLE_AUD_KEY}: the ID token of every Google account that asks for the audience can assume the role`,
            { fix: `add "StringEquals": { "${GOOGLE_AUD_KEY}": "<unique id>", "${GOOGLE_SUB_KEY}": "<unique id>" } to ${label}` });
        } else if (on(GOOGLE_OAUD_KEY).filter(exact).length === 0 && textual.length === 0) {
          report(role.ref, `${label} trusts ${GOOGLE_PROVIDER} with no exact condition on ${GOOGLE_OAUD_KEY}: an ID token the service account asked for any other audience also assumes the role`,
            { severity: 'warning', fix: `add "${GOOGLE_OAUD_KEY}": "<the audience the workload asks for>" to the StringEquals of ${label}` });
        }
      }
    }
  },
});

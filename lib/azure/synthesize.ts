import { EntraStack } from './entra-stack';
import { IdentityModel } from '../model/identity-model';
import { SynthesizedFile } from '../model/synth-output';
import { memoryApp, synthesizeStacks } from './private/terraform';

/**
 * The Entra ID Terraform of a model, in memory: one stack per tenant that has identities or hosts an issuer,
 * `terraform/azure-<tenant>/cdk.tf.json`. Deterministic: the same model gives the same bytes.
 * TypeScript only (the CLI calls it); construct users add {@link EntraStack} to their app.
 */
export function synthesizeAzureTerraform(model: IdentityModel): SynthesizedFile[] {
  const app = memoryApp();
  const stacks = model.azureTenants
    .map(t => ({ t, hosted: model.hostedIssuers.filter(i => i.hosting!.azureTenant === t) }))
    .filter(({ t, hosted }) => t.identities.length > 0 || hosted.length > 0)
    .map(({ t, hosted }) => new EntraStack(app, EntraStack.stackName(t), {
      tenant: t, issuerHostings: hosted.map(issuer => ({ issuer, federatesToEntra: model.federatesToEntra(issuer) })),
    }));
  return synthesizeStacks(stacks);
}

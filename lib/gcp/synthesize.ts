import { GcpStack } from './gcp-stack';
import { memoryApp, synthesizeStacks } from '../azure/private/terraform';
import { IdentityModel } from '../model/identity-model';
import { SynthesizedFile } from '../model/synth-output';

/**
 * The GCP Terraform of a model, in memory: one stack per project that has grants or hosts an issuer,
 * `terraform/gcp-<project>/cdk.tf.json`. Deterministic: the same model gives the same bytes.
 * TypeScript only (the CLI calls it); construct users add {@link GcpStack} to their app.
 */
export function synthesizeGcpTerraform(model: IdentityModel): SynthesizedFile[] {
  const app = memoryApp();
  const stacks = model.gcpProjects
    .map(p => ({ p, hosted: model.hostedIssuers.filter(i => i.hosting!.gcpProject === p) }))
    .filter(({ p, hosted }) => p.accesses.length > 0 || hosted.length > 0)
    .map(({ p, hosted }) => new GcpStack(app, GcpStack.stackName(p), {
      project: p, issuerHostings: hosted.map(issuer => ({ issuer, federatesToEntra: model.federatesToEntra(issuer) })),
    }));
  return synthesizeStacks(stacks);
}

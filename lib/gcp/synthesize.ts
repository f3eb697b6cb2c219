import { GcpStack } from './gcp-stack';
import { memoryApp, synthesizeStacks } from '../azure/private/terraform';
import { IdentityModel } from '../model/identity-model';
import { SynthesizedFile } from '../model/synth-output';

/**
 * The GCP Terraform of a model, in memory: one stack per project that has grants,
 * `terraform/gcp-<project>/cdk.tf.json`. Deterministic: the same model gives the same bytes.
 * TypeScript only (the CLI calls it); construct users add {@link GcpStack} to their app.
 */
export function synthesizeGcpTerraform(model: IdentityModel): SynthesizedFile[] {
  const app = memoryApp();
  const stacks = model.gcpProjects
    .filter(p => p.accesses.length > 0)
    .map(p => new GcpStack(app, GcpStack.stackName(p), { project: p }));
  return synthesizeStacks(stacks);
}

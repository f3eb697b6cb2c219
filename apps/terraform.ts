/**
 * The Terraform (cdktf) app of crossfed's default model: one stack per Entra tenant
 * (`azure-<tenant>`) and one per GCP project (`gcp-<project>`). `cdktf.json` at the repository
 * root runs it, so `npx cdktf synth` works offline with the prebuilt providers (no `cdktf get`).
 *
 *   npx cdktf synth                                # the default model
 *   CROSSFED_MODEL=team.yaml npx cdktf synth       # your model
 */
import * as path from 'path';
import { App } from 'cdktf';
import { EntraStack } from '../lib/azure';
import { GcpStack } from '../lib/gcp';
import { IdentityModel } from '../lib/model';

/** Adds a stack for every tenant and project of the model that has grants. */
export function addTerraformStacks(app: App, model: IdentityModel): App {
  for (const tenant of model.azureTenants) {
    if (tenant.identities.length > 0) new EntraStack(app, EntraStack.stackName(tenant), { tenant });
  }
  for (const project of model.gcpProjects) {
    if (project.accesses.length > 0) new GcpStack(app, GcpStack.stackName(project), { project });
  }
  return app;
}

if (require.main === module) {
  const modelFile = process.env.CROSSFED_MODEL ?? path.join(__dirname, 'default-model.yaml');
  addTerraformStacks(new App(), IdentityModel.fromFile(modelFile)).synth();
}

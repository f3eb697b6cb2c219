import * as fs from 'fs';
import * as path from 'path';
import { synthesizeCloudFormation } from '../../lib/aws/synthesize';
import { synthesizeAzureTerraform } from '../../lib/azure/synthesize';
import { synthesizeGcpTerraform } from '../../lib/gcp/synthesize';
import { synthesizeKubernetes } from '../../lib/k8s/synthesize';
import { IdentityModel } from '../../lib/model/identity-model';
import { SynthesizedFile, TerraformOutputs } from '../../lib/model/synth-output';

/** The default model's example `terraform output -json`. */
export const DEFAULT_TF_OUTPUTS: TerraformOutputs = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'apps', 'default-tf-outputs.json'), 'utf8'));

/** What `crossfed synth` writes for a model, from the real renderers (built-in CloudFormation validation off). */
export function synthesizedOutput(model: IdentityModel, tfOutputs: TerraformOutputs = DEFAULT_TF_OUTPUTS): SynthesizedFile[] {
  return [
    ...synthesizeKubernetes(model, { tfOutputs }),
    ...synthesizeCloudFormation(model, { validation: false }),
    ...synthesizeAzureTerraform(model),
    ...synthesizeGcpTerraform(model),
  ];
}

import * as path from 'path';
// eslint 9 keeps the eslintrc engine (which projen's config uses) under this entry point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LegacyESLint } = require('eslint/use-at-your-own-risk');

const ROOT = path.join(__dirname, '..', '..');

/** Lints `code` as if it were the file `file`, with the project's own ESLint config. */
async function restrictedPathErrors(file: string, code: string): Promise<string[]> {
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: true,
    // The layering rule needs no type information: lint the snippet without a TS project.
    overrideConfig: {
      parserOptions: { projectService: false, project: null },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/return-await': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m: any) => m.ruleId === 'import/no-restricted-paths').map((m: any) => m.message);
}

describe('layer boundaries (DESIGN.md, Layers) are enforced by the lint', () => {
  test.each([
    ['lib/model/violation.ts', "import { App } from 'aws-cdk-lib';", 'lib/model is plain typed data'],
    ['lib/model/violation.ts', "import { Chart } from 'cdk8s';", 'lib/model is plain typed data'],
    ['lib/model/violation.ts', "import { Construct } from 'constructs';", 'lib/model is plain typed data'],
    ['lib/model/violation.ts', "import { run } from '../cli/main';", 'lib/model is plain typed data'],
    ['lib/model/violation.ts', "import { ClusterIdentities } from '../k8s';", 'lib/model is plain typed data'],
    ['lib/verify/violation.ts', "import { WorkloadIdentity } from '../k8s/workload-identity';", 'lib/verify reads artifacts back and must never import a renderer'],
    ['lib/aws/violation.ts', "import { TerraformStack } from 'cdktf';", 'Terraform-CDK imports stay inside lib/azure and lib/gcp'],
    ['lib/k8s/violation.ts', "import { Provider } from '@cdktf/provider-google/lib/provider';", 'Terraform-CDK imports stay inside lib/azure and lib/gcp'],
    ['lib/cli/violation.ts', "import { App } from 'cdktf';", 'Terraform-CDK imports stay inside lib/azure and lib/gcp'],
    ['lib/verify/violation.ts', "import { Application } from '@cdktf/provider-azuread/lib/application';", 'Terraform-CDK imports stay inside lib/azure and lib/gcp'],
    ['lib/verify/violation.ts', "import { gcp } from '../gcp';", 'lib/verify reads artifacts back and must never import a renderer'],
    ['lib/verify/violation.ts', "import { synthesizeAzureTerraform } from '../azure/synthesize';", 'lib/verify reads artifacts back and must never import a renderer'],
    ['lib/model/violation.ts', "import { EntraStack } from '../azure';", 'lib/model is plain typed data'],
    ['lib/model/violation.ts', "import { GcpStack } from '../gcp/gcp-stack';", 'lib/model is plain typed data'],
  ])('GIVEN %s importing a forbidden layer WHEN linted THEN it fails', async (file, code, message) => {
    const errors = await restrictedPathErrors(file, `${code}\nexport const x = 1;\n`);
    expect(errors.join('\n')).toContain(message);
  });

  test.each([
    ['lib/model/ok.ts', "import { parse } from 'yaml';"],
    ['lib/azure/ok.ts', "import { TerraformStack } from 'cdktf';"],
    ['lib/azure/ok.ts', "import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';"],
    ['lib/gcp/ok.ts', "import { GoogleProvider } from '@cdktf/provider-google/lib/provider';"],
    ['lib/gcp/ok.ts', "import { nameElement } from '../azure/private/terraform';"],
    ['lib/cli/ok.ts', "import { synthesizeGcpTerraform } from '../gcp/synthesize';"],
    ['lib/aws/ok.ts', "import * as model from '../model';"],
    ['lib/verify/ok.ts', "import * as model from '../model';"],
    ['lib/k8s/ok.ts', "import { Chart } from 'cdk8s';\nimport * as model from '../model';"],
  ])('GIVEN %s importing an allowed module WHEN linted THEN no layering error', async (file, code) => {
    expect(await restrictedPathErrors(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});

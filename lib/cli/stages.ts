import type { Stage } from './synth';
import { isCrossfedError } from '../model/errors';
import type { IdentityModel } from '../model/identity-model';

/**
 * The renderers `crossfed synth` runs. Each is imported only when the model needs it, so a
 * model without Azure never loads the azurerm provider package (hundreds of files).
 */
// A synchronous require keeps the lazy load working in CommonJS output and under jest alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(module: string): T => require(module) as T;

export const RENDERER_STAGES: Stage[] = [
  {
    name: 'kubernetes',
    applies: (m: IdentityModel) => m.issuers.some(i => i.isKubernetes),
    run: async (m, ctx) => {
      // The Entra stack whose outputs the YAML needs, named in the error when they are missing.
      const tenant = m.azureTenants.find(t => t.identities.some(i => !i.existing));
      const terraformDirectory = tenant ? `${ctx.outDir}/terraform/${load<typeof import('../azure/entra-stack')>('../azure/entra-stack').EntraStack.stackName(tenant)}` : undefined;
      try {
        return load<typeof import('../k8s/synthesize')>('../k8s/synthesize').synthesizeKubernetes(m, { tfOutputs: ctx.tfOutputs, tfOutputsSource: ctx.tfOutputsSource, terraformDirectory });
      } catch (e) {
        // Before the first apply there is no Terraform to apply yet: say how to write it first.
        if (!isCrossfedError(e) || ctx.tfOutputs) throw e;
        throw e.relocate(p => p.field === 'azure.clientId' ? { ...p, fix: `write the Terraform first with \`crossfed synth --skip kubernetes --out ${ctx.outDir}\`; then ${p.fix.replace(/^run /, '')}` } : p);
      }
    },
  },
  {
    name: 'cloudformation',
    applies: (m: IdentityModel) => m.awsAccounts.some(a => a.roles.length > 0) || m.hostedIssuers.some(i => i.hosting!.awsAccount !== undefined),
    run: async (m, ctx) => load<typeof import('../aws/synthesize')>('../aws/synthesize').synthesizeCloudFormation(m, {
      validation: ctx.validation,
      onWarning: w => ctx.warnings.push(w),
    }),
  },
  {
    name: 'terraform',
    applies: (m: IdentityModel) => azureApplies(m) || gcpApplies(m),
    run: async m => {
      const files = [];
      if (azureApplies(m)) files.push(...load<typeof import('../azure/synthesize')>('../azure/synthesize').synthesizeAzureTerraform(m));
      if (gcpApplies(m)) files.push(...load<typeof import('../gcp/synthesize')>('../gcp/synthesize').synthesizeGcpTerraform(m));
      return files;
    },
  },
];

function azureApplies(m: IdentityModel): boolean {
  return m.azureTenants.some(t => t.identities.length > 0) || m.hostedIssuers.some(i => i.hosting!.azureTenant !== undefined);
}

function gcpApplies(m: IdentityModel): boolean {
  return m.gcpProjects.some(p => p.accesses.length > 0) || m.hostedIssuers.some(i => i.hosting!.gcpProject !== undefined);
}

import type { IdentityModel } from '../model/identity-model';
import type { Stage } from './synth';

/**
 * The renderers `crossfed synth` runs. Each is imported only when the model needs it, so a
 * model without Azure never loads the azurerm provider package (hundreds of files).
 */
// A synchronous require keeps the lazy load working in CommonJS output and under jest alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(module: string): T => require(module) as T;

export const RENDERER_STAGES: Stage[] = [
  {
    name: 'terraform',
    applies: (m: IdentityModel) => m.azureTenants.some(t => t.identities.length > 0) || m.gcpProjects.some(p => p.accesses.length > 0),
    run: async m => {
      const files = [];
      if (m.azureTenants.some(t => t.identities.length > 0)) files.push(...load<typeof import('../azure/synthesize')>('../azure/synthesize').synthesizeAzureTerraform(m));
      if (m.gcpProjects.some(p => p.accesses.length > 0)) files.push(...load<typeof import('../gcp/synthesize')>('../gcp/synthesize').synthesizeGcpTerraform(m));
      return files;
    },
  },
];

import { Construct } from 'constructs';
import { AwsAccount, AwsRole } from '../../model/aws';
import { FederationAuditTrail } from '../audit-trail';
import { EksAccessEntry } from '../eks-access-entry';
import { FederatedRole } from '../federated-role';
import { FederatedOidcProvider } from '../oidc-provider';
import { PodIdentityAssociation } from '../pod-identity-association';
import { accessEntrySpecs, podIdentitySpecs } from './eks-spec';
import { fail } from './limits';

export interface RenderRequest {
  readonly account: AwsAccount;
  /** Render the account's OIDC providers (new ones created, existing ones imported). */
  readonly providers: boolean;
  /** Render the account's audit trail, when its audit setting asks crossfed for one. */
  readonly auditTrail: boolean;
  /** Roles whose IAM part to render. */
  readonly roles: AwsRole[];
  /** Roles whose EKS resources in `eksRegion` to render. */
  readonly eksRoles: AwsRole[];
  readonly eksRegion: string;
  /** When false, EKS resources of `eksRoles` in other regions are an error (they would be lost). */
  readonly eksRegionExplicit: boolean;
}

export interface Rendered {
  readonly oidcProviders: FederatedOidcProvider[];
  readonly roles: FederatedRole[];
  readonly podIdentityAssociations: PodIdentityAssociation[];
  readonly accessEntries: EksAccessEntry[];
  readonly auditTrail?: FederationAuditTrail;
}

/**
 * Renders a slice of an account into `scope`, in a deterministic order: providers (by issuer
 * URL), roles (by name), each role's EKS resources, then the audit trail. Resources of one scope that depend on
 * each other get `DependsOn`: a role on the providers it trusts, EKS resources on their role.
 */
export function renderIdentities(scope: Construct, r: RenderRequest): Rendered {
  for (const role of [...r.roles, ...r.eksRoles]) {
    if (role.account !== r.account) {
      fail(scope.node.path, 'roles', role.roleName, `belongs to account "${role.account.name}", not "${r.account.name}"`, `roles of account "${r.account.name}"`, 'render each account\'s roles in its own construct');
    }
  }
  const oidcProviders = r.providers
    ? r.account.oidcProviders.map(p => new FederatedOidcProvider(scope, `OidcProvider-${p.issuer.name}`, { account: r.account, issuer: p.issuer }))
    : [];
  const providerByUrl = new Map(oidcProviders.filter(p => !p.existing).map(p => [p.issuer.url, p]));
  const roles = sortRoles(r.roles).map(role => {
    const fr = new FederatedRole(scope, `Role-${role.roleName}`, { role });
    for (const t of role.webIdentityTrusts) {
      const provider = providerByUrl.get(t.issuer.url);
      if (provider) fr.node.addDependency(provider);
    }
    return fr;
  });
  const roleByName = new Map(roles.map(fr => [fr.roleName, fr]));
  const podIdentityAssociations: PodIdentityAssociation[] = [];
  const accessEntries: EksAccessEntry[] = [];
  for (const role of sortRoles(r.eksRoles)) {
    const pods = podIdentitySpecs(role);
    const entries = accessEntrySpecs(role, scope.node.path);
    const elsewhere = [...pods, ...entries].filter(s => s.region !== r.eksRegion);
    if (elsewhere.length > 0 && !r.eksRegionExplicit) {
      const c = elsewhere[0].cluster;
      fail(scope.node.path, 'eksRegion', r.eksRegion, `leaves out the EKS resources of role "${role.roleName}" on cluster "${c.name}", which is in ${c.awsRegion}`, 'EKS resources in a stack of their cluster\'s region',
        `render them in a stack of ${c.awsRegion} (AccountIdentities with eksRegion: '${c.awsRegion}', iamRoles: false, oidcProviders: false), or use AwsIdentityStack.forModel, which does it for you`);
    }
    const owner = roleByName.get(role.roleName);
    for (const p of pods.filter(s => s.region === r.eksRegion)) {
      const c = new PodIdentityAssociation(scope, p.id, { access: p.access });
      if (owner) c.node.addDependency(owner);
      podIdentityAssociations.push(c);
    }
    for (const e of entries.filter(s => s.region === r.eksRegion)) {
      const c = new EksAccessEntry(scope, e.id, { role, cluster: e.cluster });
      if (owner) c.node.addDependency(owner);
      accessEntries.push(c);
    }
  }
  const auditTrail = r.auditTrail && r.account.audit?.createsTrail ? new FederationAuditTrail(scope, 'AuditTrail', { account: r.account }) : undefined;
  return { oidcProviders, roles, podIdentityAssociations, accessEntries, auditTrail };
}

function sortRoles(roles: AwsRole[]): AwsRole[] {
  return [...new Set(roles)].sort((a, b) => (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : 0));
}

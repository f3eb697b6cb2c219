import { AzureAudit, AzureAuditProps } from './audit';
import { IssuerKind } from './issuer';
import { byKey, fail, fitName, requireGuid } from './private/checks';
import { AccessMechanism, ENTRA_DEFAULT_AUDIENCE, TargetCloud } from './targets';
import type { Workload } from './workload';

/** An Entra ID tenant and the subscription its managed identities and role assignments live in. */
export interface AzureTenantProps {
  /** The tenant id (GUID). */
  readonly tenantId: string;
  /** The subscription id (GUID) for managed identities. */
  readonly subscriptionId: string;
  /** A short name for references in the model file. @default - the tenant id */
  readonly name?: string;
  /**
   * The audience federated credentials accept (exactly one).
   * @default "api://AzureADTokenExchange"
   * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredentials-overview
   */
  readonly audience?: string;
  /**
   * Where the tenant's federated sign-ins go: a Log Analytics workspace (existing or created)
   * through a diagnostic setting crossfed creates, or an export that exists already.
   * @default - no setting: crossfed exports nothing, and the checker warns (x-audit-missing)
   * @see https://learn.microsoft.com/entra/identity/monitoring-health/howto-configure-diagnostic-settings
   */
  readonly audit?: AzureAuditProps;
  /** Where this tenant was declared (file:line). @default - the model path */
  readonly sourceLocation?: string;
}

/** A role assignment at an explicit scope. */
export interface AzureRoleAssignment {
  /** Role definition name (e.g. "Storage Blob Data Reader"). */
  readonly role: string;
  /** The scope: a resource id, a resource group, or (with allowBroadScope) a subscription or management group. */
  readonly scope: string;
  /** Allow a subscription, management-group or root scope. @default false */
  readonly allowBroadScope?: boolean;
}

/** A new user-assigned managed identity. */
export interface ManagedIdentityOptions {
  /** The identity's name (3–128 characters). Changing it replaces the identity. */
  readonly name: string;
  /** Its resource group. */
  readonly resourceGroupName: string;
  /** Its Azure region, e.g. "westeurope". */
  readonly location: string;
}

/** An existing app registration. */
export interface ExistingApplicationOptions {
  /** The application (client) id. */
  readonly clientId: string;
  /** The application's object id (federated credentials hang off `/applications/<objectId>`). */
  readonly objectId: string;
}

/** An existing user-assigned managed identity. */
export interface ExistingManagedIdentityOptions {
  /** The identity's name. */
  readonly name: string;
  /** Its resource group. */
  readonly resourceGroupName: string;
  /** Its client id. */
  readonly clientId: string;
  /** Its principal (object) id, for role assignments. */
  readonly principalId: string;
}

/** Options of an Azure grant: exactly one identity form (default: a new application). */
export interface AzureGrantOptions {
  /** A new app registration with this display name (shared by grants naming it). @default - "crossfed-<workload name>" */
  readonly application?: string;
  /** An existing app registration. @default - none */
  readonly existingApplication?: ExistingApplicationOptions;
  /** A new user-assigned managed identity. @default - none */
  readonly managedIdentity?: ManagedIdentityOptions;
  /** An existing user-assigned managed identity. @default - none */
  readonly existingManagedIdentity?: ExistingManagedIdentityOptions;
  /** Role assignments, each at an explicit scope. @default - none */
  readonly roleAssignments?: AzureRoleAssignment[];
  /**
   * Use the azure-workload-identity webhook (label + annotations) rather than writing the
   * token volume and env vars. @default - true on AKS, false elsewhere
   */
  readonly webhook?: boolean;
  /**
   * The federated credential's name (3–120 `[A-Za-z0-9_-]`, first alphanumeric). Changing it
   * replaces the credential. @default - "<issuer>-<workload>"
   */
  readonly credentialName?: string;
  /** Where this grant was declared (file:line). @default - the workload's path */
  readonly sourceLocation?: string;
}

/** Kind of Entra identity. */
export enum EntraIdentityKind {
  /** App registration + service principal. */
  APPLICATION = 'application',
  /** User-assigned managed identity. */
  MANAGED_IDENTITY = 'managed-identity',
}

/** A federated identity credential. */
export interface FederatedCredentialSpec {
  /** Its name, stable. */
  readonly name: string;
  /** Issuer, byte for byte as in the tokens. */
  readonly issuer: string;
  /** Exact, case-sensitive subject. */
  readonly subject: string;
  /** The single audience. */
  readonly audience: string;
  /** The workload it is for (`<issuer>/<name>`). */
  readonly workloadId: string;
}

interface IdentityInit {
  readonly existing: boolean;
  readonly clientId?: string;
  readonly objectId?: string;
  readonly principalId?: string;
  readonly resourceGroupName?: string;
  readonly location?: string;
}

/** Most federated credentials one application or managed identity can hold. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** An Entra application or managed identity. */
export class EntraIdentity {
  /** The tenant. */
  public readonly tenant: AzureTenant;
  /** Application or managed identity. */
  public readonly kind: EntraIdentityKind;
  /** Display name (application) or resource name (managed identity). */
  public readonly displayName: string;
  /** Whether it exists already. */
  public readonly existing: boolean;
  /** Client id when known at synth time (existing identities). @default - deferred: a Terraform output */
  public readonly clientId?: string;
  /** Existing application: its object id. */
  public readonly objectId?: string;
  /** Existing managed identity: its principal id. */
  public readonly principalId?: string;
  /** Managed identity: resource group. */
  public readonly resourceGroupName?: string;
  /** New managed identity: location. */
  public readonly location?: string;
  private readonly _credentials: FederatedCredentialSpec[] = [];
  private readonly _assignments = new Map<string, AzureRoleAssignment>();

  /** @internal */
  public static _new(tenant: AzureTenant, kind: EntraIdentityKind, displayName: string, o: IdentityInit): EntraIdentity {
    return new EntraIdentity(tenant, kind, displayName, o);
  }

  private constructor(tenant: AzureTenant, kind: EntraIdentityKind, displayName: string, o: IdentityInit) {
    this.tenant = tenant;
    this.kind = kind;
    this.displayName = displayName;
    this.existing = o.existing;
    this.clientId = o.clientId;
    this.objectId = o.objectId;
    this.principalId = o.principalId;
    this.resourceGroupName = o.resourceGroupName;
    this.location = o.location;
  }

  /** Unique key in the tenant: `app:<name>` / `mi:<resourceGroup>/<name>`. */
  public get key(): string {
    return this.kind === EntraIdentityKind.APPLICATION ? `app:${this.displayName}` : `mi:${this.resourceGroupName}/${this.displayName}`;
  }

  /** A name safe for Terraform ids and outputs, unique in the tenant. */
  public get slug(): string {
    const base = `${this.kind === EntraIdentityKind.APPLICATION ? 'app' : 'mi'}_${this.kind === EntraIdentityKind.MANAGED_IDENTITY ? `${this.resourceGroupName}_` : ''}${this.displayName}`;
    return fitName(base.toLowerCase().replace(/[^a-z0-9_]+/g, '_'), 60, '_');
  }

  /** The Terraform output that carries the client id of a new identity. */
  public get clientIdOutputName(): string {
    return `azure_client_id_${this.tenant.slug}_${this.slug}`;
  }

  /** Managed identity: its ARM resource id. */
  public get resourceId(): string | undefined {
    if (this.kind !== EntraIdentityKind.MANAGED_IDENTITY) return undefined;
    return `/subscriptions/${this.tenant.subscriptionId}/resourceGroups/${this.resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${this.displayName}`;
  }

  /** Federated credentials, in declaration order (managed identities create them in this order). */
  public get credentials(): FederatedCredentialSpec[] {
    return [...this._credentials];
  }

  /** Role assignments, sorted by scope then role. */
  public get roleAssignments(): AzureRoleAssignment[] {
    return [...this._assignments.values()].sort(byKey(a => `${a.scope}\n${a.role}`));
  }

  /** @internal */
  public _addCredential(where: string, c: FederatedCredentialSpec): void {
    for (const x of this._credentials) {
      if (x.name === c.name) fail(where, 'credentialName', c.name, `is already used on ${this.kind} "${this.displayName}"`, 'names unique per application or identity', 'set a different credentialName');
      if (x.issuer === c.issuer && x.subject === c.subject) fail(where, 'subject', c.subject, `already has a federated credential on ${this.kind} "${this.displayName}" for issuer ${c.issuer}`, 'issuer + subject unique per application or identity', 'remove the duplicate grant');
    }
    if (this._credentials.length >= MAX_FEDERATED_CREDENTIALS) {
      fail(where, this.kind === EntraIdentityKind.APPLICATION ? 'application' : 'managedIdentity', this.displayName,
        `would get federated credential number ${this._credentials.length + 1}, but Entra ID allows ${MAX_FEDERATED_CREDENTIALS} per ${this.kind === EntraIdentityKind.APPLICATION ? 'application' : 'managed identity'}`,
        `at most ${MAX_FEDERATED_CREDENTIALS} credentials per parent`, `spread the workloads over several ${this.kind === EntraIdentityKind.APPLICATION ? 'applications' : 'managed identities'} (e.g. "${this.displayName}-2")`);
    }
    this._credentials.push(c);
  }

  /** @internal */
  public _addAssignment(a: AzureRoleAssignment): void {
    this._assignments.set(`${a.scope}\n${a.role}`, { role: a.role, scope: a.scope, allowBroadScope: a.allowBroadScope ?? false });
  }
}

/** One workload → Entra identity grant. */
export class AzureAccess {
  /** The cloud. */
  public readonly cloud = TargetCloud.AZURE;
  /** @internal */
  constructor(
    /** The workload. */ public readonly workload: Workload,
    /** The identity it becomes. */ public readonly identity: EntraIdentity,
    /** How. */ public readonly mechanism: AccessMechanism,
    /** The audience of its token. */ public readonly audience: string,
    /** Whether the pod relies on the azure-workload-identity webhook. */ public readonly webhook: boolean,
    /** The federated credential. */ public readonly credential: FederatedCredentialSpec,
  ) {}

  /** The tenant. */
  public get tenant(): AzureTenant {
    return this.identity.tenant;
  }
}

/** An Entra ID tenant of the model. */
export class AzureTenant {
  /** Tenant id. */
  public readonly tenantId: string;
  /** Subscription id. */
  public readonly subscriptionId: string;
  /** Name in the model. */
  public readonly name: string;
  /** Audience of federated credentials. */
  public readonly audience: string;
  /** Where it was declared. */
  public readonly sourceLocation: string;
  /** Where its federated sign-ins go, when the model says. */
  public readonly audit?: AzureAudit;
  private readonly _identities = new Map<string, EntraIdentity>();

  /** @internal */
  constructor(props: AzureTenantProps) {
    const where = props.sourceLocation ?? `azure[${props.name ?? props.tenantId}]`;
    requireGuid(where, 'tenantId', props.tenantId, 'Entra tenant id');
    requireGuid(where, 'subscriptionId', props.subscriptionId, 'Azure subscription id');
    const audience = props.audience ?? ENTRA_DEFAULT_AUDIENCE;
    if (typeof audience !== 'string' || audience.length === 0 || audience.length > 600 || /\s/.test(audience)) {
      fail(where, 'audience', audience, 'is not a valid audience', '1–600 characters without spaces', 'leave it unset for "api://AzureADTokenExchange"');
    }
    this.tenantId = props.tenantId;
    this.subscriptionId = props.subscriptionId;
    this.name = props.name ?? props.tenantId;
    this.audience = audience;
    this.sourceLocation = where;
    this.audit = props.audit === undefined ? undefined : AzureAudit._new(where, props.subscriptionId, props.audit);
  }

  /** A name safe for Terraform ids. */
  public get slug(): string {
    return fitName(this.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_'), 40, '_');
  }

  /** The Terraform output that carries the id (GUID) of the workspace crossfed creates for the sign-in logs. */
  public get auditWorkspaceIdOutputName(): string {
    return `azure_audit_workspace_id_${this.slug}`;
  }

  /** The authority host the SDKs use. */
  public get authorityHost(): string {
    return 'https://login.microsoftonline.com/';
  }

  /** Identities, sorted by key. */
  public get identities(): EntraIdentity[] {
    return [...this._identities.values()].sort(byKey(i => i.key));
  }

  /** @internal */
  public _grant(workload: Workload, o: AzureGrantOptions): AzureAccess {
    const where = o.sourceLocation ?? `${workload.sourceLocation}.azure[${this.name}]`;
    const source = workload.issuer;
    if (source.kind === IssuerKind.ENTRA_ID) {
      fail(where, 'tenant', this.name, `is granted to the Entra ID principal ${workload.subject} of tenant ${source.azureTenantId}: it signs in to Entra ID itself, no federated credential is involved`,
        'Azure grants for Kubernetes, CI and Google workloads', 'assign the roles to the managed identity or service principal directly (az role assignment create --assignee-object-id …), and remove this grant');
    }
    if (source.kind === IssuerKind.AWS) {
      fail(where, 'tenant', this.name, `is granted to the AWS role ${workload.cloudPrincipal?.parts.roleArn}, but Entra ID federated credentials take OIDC tokens and an AWS role has none`,
        'Azure grants for Kubernetes, CI and Google workloads', 'run the workload with an OIDC identity Entra can trust (e.g. EKS with a projected token), and remove this grant');
    }
    const forms = (['application', 'existingApplication', 'managedIdentity', 'existingManagedIdentity'] as const).filter(k => o[k] !== undefined);
    if (forms.length > 1) fail(where, forms[1], o[forms[1]], `is set together with ${forms[0]}`, 'one of application, existingApplication, managedIdentity, existingManagedIdentity', `keep only one of ${forms.join(', ')}`);
    const identity = this.identityFor(where, workload, o);
    const webhook = workload.isKubernetes ? o.webhook ?? workload.issuer.kind === IssuerKind.AKS : false;
    if (o.webhook !== undefined && !workload.isKubernetes) fail(where, 'webhook', o.webhook, 'applies to Kubernetes workloads only', `unset for ${workload.isCloudIdentity ? 'cloud' : 'CI'} identities`, 'remove webhook');
    if (webhook && workload.tokenExpirationSeconds !== undefined && workload.tokenExpirationSeconds < 3600) {
      fail(where, 'tokenExpirationSeconds', workload.tokenExpirationSeconds, 'is under what the azure-workload-identity webhook accepts', '3600–86400 seconds in webhook mode', 'raise it to 3600, or set webhook: false');
    }
    const audience = workload.issuer.fixedAudience ?? this.audience;
    if (workload.issuer.fixedAudience && workload.issuer.fixedAudience !== this.audience) {
      fail(where, 'audience', this.audience, `differs from the audience every ${workload.issuer.kind} token carries ("${workload.issuer.fixedAudience}")`, `"${workload.issuer.fixedAudience}"`, 'leave the tenant\'s audience at its default');
    }
    const name = o.credentialName ?? fitName(`${workload.issuer.name}-${workload.name}`.replace(/[^A-Za-z0-9_-]+/g, '-'), 120);
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(name)) {
      fail(where, 'credentialName', name, 'is not a valid federated credential name', '3–120 characters of letters, digits, "_" and "-", the first a letter or digit', 'choose e.g. "prod-eks-data-pipeline"');
    }
    const credential: FederatedCredentialSpec = { name, issuer: workload.issuer.url, subject: workload.subject, audience, workloadId: workload.id };
    for (const ra of o.roleAssignments ?? []) checkAssignment(where, ra);
    identity._addCredential(where, credential);
    for (const ra of o.roleAssignments ?? []) identity._addAssignment(ra);
    const mechanism = workload.isCloudIdentity ? AccessMechanism.CLOUD_IDENTITY : !workload.isKubernetes ? AccessMechanism.CI : webhook ? AccessMechanism.AZURE_WEBHOOK : AccessMechanism.AZURE_EXPLICIT;
    return new AzureAccess(workload, identity, mechanism, audience, webhook, credential);
  }

  private identityFor(where: string, workload: Workload, o: AzureGrantOptions): EntraIdentity {
    let id: EntraIdentity;
    if (o.existingApplication) {
      const e = o.existingApplication;
      requireGuid(where, 'existingApplication.clientId', e.clientId, 'application (client) id');
      requireGuid(where, 'existingApplication.objectId', e.objectId, 'application object id');
      id = EntraIdentity._new(this, EntraIdentityKind.APPLICATION, e.clientId, { existing: true, clientId: e.clientId, objectId: e.objectId });
    } else if (o.managedIdentity) {
      const m = o.managedIdentity;
      checkMiName(where, 'managedIdentity', m.name, m.resourceGroupName);
      if (!/^[a-z0-9]+$/.test(m.location ?? '')) fail(where, 'managedIdentity.location', m.location, 'is not an Azure region name', 'a region such as "westeurope"', 'use `az account list-locations -o table`');
      id = EntraIdentity._new(this, EntraIdentityKind.MANAGED_IDENTITY, m.name, { existing: false, resourceGroupName: m.resourceGroupName, location: m.location });
    } else if (o.existingManagedIdentity) {
      const m = o.existingManagedIdentity;
      checkMiName(where, 'existingManagedIdentity', m.name, m.resourceGroupName);
      requireGuid(where, 'existingManagedIdentity.clientId', m.clientId, 'managed identity client id');
      requireGuid(where, 'existingManagedIdentity.principalId', m.principalId, 'managed identity principal id');
      id = EntraIdentity._new(this, EntraIdentityKind.MANAGED_IDENTITY, m.name, { existing: true, clientId: m.clientId, principalId: m.principalId, resourceGroupName: m.resourceGroupName });
    } else {
      const name = o.application ?? `crossfed-${workload.name}`;
      if (typeof name !== 'string' || name.length === 0 || name.length > 120 || /^\s|\s$/.test(name)) {
        fail(where, 'application', name, 'is not a valid display name', '1–120 characters without leading or trailing spaces', 'choose a name such as "pipeline-reader"');
      }
      id = EntraIdentity._new(this, EntraIdentityKind.APPLICATION, name, { existing: false });
    }
    const known = this._identities.get(id.key);
    if (known) {
      if (known.existing !== id.existing || known.location !== id.location || known.clientId !== id.clientId) {
        fail(where, 'managedIdentity', id.displayName, 'is declared twice with different settings', 'the same settings everywhere it is named', 'make the declarations agree');
      }
      return known;
    }
    this._identities.set(id.key, id);
    return id;
  }
}

function checkMiName(where: string, field: string, name: string, rg: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(name)) {
    fail(where, `${field}.name`, name, 'is not a valid managed identity name', '3–128 characters of letters, digits, "-" and "_", the first a letter or digit', 'choose e.g. "pipeline-reader"');
  }
  if (typeof rg !== 'string' || !/^[-\w.()]{1,90}$/.test(rg) || rg.endsWith('.')) {
    fail(where, `${field}.resourceGroupName`, rg, 'is not a valid resource group name', '1–90 letters, digits, "-", "_", ".", "(" and ")", not ending in "."', 'use the resource group\'s exact name');
  }
}

/** Whether a scope is a subscription, management group or the root. */
export function isBroadAzureScope(scope: string): boolean {
  return scope === '/' || /^\/subscriptions\/[^/]+\/?$/i.test(scope) || /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$/i.test(scope);
}

function checkAssignment(where: string, a: AzureRoleAssignment): void {
  if (typeof a.role !== 'string' || a.role.trim().length === 0) fail(where, 'roleAssignments.role', a.role, 'is empty', 'a role definition name such as "Storage Blob Data Reader"', 'name the role');
  if (typeof a.scope !== 'string' || !(a.scope === '/' || /^\/subscriptions\/[0-9a-fA-F-]{36}(\/.*)?$/.test(a.scope) || /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(a.scope))) {
    fail(where, 'roleAssignments.scope', a.scope, 'is not an Azure scope', '/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name> (a resource), a resource group, or with allowBroadScope a subscription or management group',
      'copy the resource id from `az resource show --query id`');
  }
  if (isBroadAzureScope(a.scope) && !a.allowBroadScope) {
    fail(where, 'roleAssignments.scope', a.scope, `gives "${a.role}" over a whole subscription or management group`, 'a resource or resource group scope, unless allowBroadScope: true is set',
      'scope the assignment to the resource (e.g. the storage account\'s id), or set allowBroadScope: true if this is really meant');
  }
}

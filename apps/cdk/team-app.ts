/**
 * How a team adds crossfed to the CDK app it already has: its own stack keeps its own
 * resources (here a bucket), and `aws.AccountIdentities` adds the IAM OIDC provider and the
 * roles its workloads federate into. Values shared with other clouds and with Kubernetes (bucket
 * names, role names, subjects) are plain strings in the model, never CDK tokens.
 *
 *   npx cdk synth --app "npx ts-node --swc apps/cdk/team-app.ts"
 */
import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { aws, model } from '../../lib';

const ACCOUNT = '111122223333';
const REPORTS_BUCKET = 'acme-payments-reports';

/** The team's identity model, written in TypeScript. */
export function paymentsModel(): model.IdentityModel {
  const identities = new model.IdentityModel({ name: 'payments' });
  const eks = identities.addIssuer(model.Issuer.eks({
    name: 'prod-eks', url: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', accountId: ACCOUNT, clusterName: 'prod',
  }));
  const github = identities.addIssuer(model.Issuer.githubActions({ name: 'github' }));
  // The cluster was created with --with-oidc: its provider exists and is only referenced.
  const prod = identities.addAwsAccount({ name: 'prod', accountId: ACCOUNT, existingOidcProviders: [eks] });
  identities.addWorkload({ issuer: eks, namespace: 'payments', serviceAccount: 'reporter' })
    .grantAws(prod, { roleName: 'payments-reporter', s3WriteBuckets: [REPORTS_BUCKET] });
  identities.addCiWorkload({ issuer: github, name: 'payments-deploy', subject: model.CiSubject.githubBranch('acme/payments', 'main') })
    .grantAws(prod, { roleName: 'payments-deployer', eksAccess: { cluster: eks, kubernetesGroups: ['payments:deployers'], namespaces: ['payments'] } });
  return identities;
}

/** The team's existing stack, with crossfed's identities added to it. */
export class PaymentsStack extends Stack {
  public readonly identities: aws.AccountIdentities;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'Reports', { bucketName: REPORTS_BUCKET, removalPolicy: RemovalPolicy.RETAIN, enforceSSL: true });
    const identities = paymentsModel();
    this.identities = new aws.AccountIdentities(this, 'Identities', { account: identities.findAwsAccount('prod')! });
  }
}

/** The team's app. */
export function createTeamApp(app: App = new App()): App {
  new PaymentsStack(app, 'payments', { env: { account: ACCOUNT, region: 'us-east-1' } });
  return app;
}

if (require.main === module) createTeamApp().synth();

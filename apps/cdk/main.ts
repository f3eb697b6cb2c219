/**
 * The CDK app behind `cdk.json`: every AWS account of an identity model as env-specific,
 * bootstrapless stacks. `npx cdk synth` renders the built-in default model;
 * `npx cdk synth -c crossfed:model=my-model.yaml` renders yours.
 */
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { aws, model } from '../../lib';
import { isCrossfedError } from '../../lib/model/errors';

/** The built-in default model. */
export const DEFAULT_MODEL_FILE = path.join(__dirname, '..', 'default-model.yaml');

/** Adds the model's stacks to `app` (the model file comes from the context key `crossfed:model`). */
export function createApp(app: App = new App()): App {
  const file: string = app.node.tryGetContext('crossfed:model') ?? DEFAULT_MODEL_FILE;
  const identities = model.IdentityModel.fromFile(file);
  aws.AwsIdentityStack.forModel(app, identities);
  return app;
}

if (require.main === module) {
  try {
    createApp().synth();
  } catch (e) {
    if (!isCrossfedError(e)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
}

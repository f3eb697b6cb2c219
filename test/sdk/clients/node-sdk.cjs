// What a workload's own code does to get cloud credentials with the official Node SDKs, run in
// a process whose environment is the container's. Prints one JSON line: what the SDK obtained,
// or the error it raised. The only addition to plain SDK use is the HTTPS proxy for the AWS
// client (the AWS SDK for JavaScript does not read HTTPS_PROXY; @azure/identity and
// google-auth-library do).
'use strict';

async function aws() {
  const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
  const { NodeHttpHandler } = require('@smithy/node-http-handler');
  const { HttpsProxyAgent } = require('https-proxy-agent');
  const requestHandler = new NodeHttpHandler({ httpsAgent: new HttpsProxyAgent(process.env.HTTPS_PROXY) });
  // The client's default credentials: the SDK's default provider chain.
  const sts = new STSClient({ requestHandler });
  const credentials = await sts.config.credentials();
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  return { identity: identity.Arn, account: identity.Account, credentialSources: Object.keys(credentials.$source ?? {}), expiration: credentials.expiration };
}

async function azure(kind) {
  const identity = require('@azure/identity');
  const credential = kind === 'workload' ? new identity.WorkloadIdentityCredential() : new identity.DefaultAzureCredential();
  const token = await credential.getToken('https://management.azure.com/.default');
  return { credential: credential.constructor.name, token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
}

async function google() {
  const { GoogleAuth } = require('google-auth-library');
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  const client = await auth.getClient();
  const { token } = await client.getAccessToken();
  const email = typeof client.getServiceAccountEmail === 'function' ? client.getServiceAccountEmail() : undefined;
  return { client: client.constructor.name, token, serviceAccountEmail: email ?? null };
}

const clients = { 'aws': aws, 'azure-default': () => azure('default'), 'azure-workload': () => azure('workload'), 'google': google };

(clients[process.argv[2]] ?? (async () => { throw new Error(`unknown client ${process.argv[2]}`); }))()
  .then(r => { process.stdout.write(`${JSON.stringify({ ok: true, ...r })}\n`); })
  .catch(e => { process.stdout.write(`${JSON.stringify({ ok: false, error: `${e && e.name}: ${e && e.message}` })}\n`); process.exitCode = 1; });

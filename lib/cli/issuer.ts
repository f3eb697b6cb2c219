import * as fs from 'fs';
import * as path from 'path';
import type { Io } from './main';
import { writeAtomically } from './synth';
import { CrossfedError } from '../model/errors';
import { IdentityModel } from '../model/identity-model';
import { issuerDocuments } from '../oidc/issuer-documents';

export interface IssuerCommandOptions {
  readonly issuer: string;
  readonly publicKey: string[];
  readonly out: string;
  readonly model?: string;
  readonly entra: boolean;
  readonly kid: 'kubernetes' | 'rfc7638';
}

/** `crossfed issuer`: discovery document + JWKS for a self-managed cluster. */
export async function issuerCommand(o: IssuerCommandOptions, io: Io): Promise<void> { // eslint-disable-line @typescript-eslint/require-await
  let federatesToEntra = o.entra;
  if (o.model) {
    const model = IdentityModel.fromFile(o.model);
    const issuer = model.findIssuerByUrl(o.issuer);
    if (!issuer) {
      throw CrossfedError.of({
        where: o.model, field: '--issuer', value: o.issuer, problem: 'is not an issuer of the model (compared byte for byte)',
        allowed: model.issuers.filter(i => i.isKubernetes).map(i => i.url).join(', ') || 'a Kubernetes issuer of the model', fix: 'use the exact URL the model declares for the cluster',
      });
    }
    federatesToEntra = model.federatesToEntra(issuer);
  }
  const keys = o.publicKey.map(file => {
    try {
      return { pem: fs.readFileSync(file, 'utf8'), source: file };
    } catch (e: any) {
      throw CrossfedError.of({ where: file, field: '--public-key', value: file, problem: `cannot be read (${e.code ?? e.message})`, fix: 'pass the path of the PEM file' });
    }
  });
  const docs = issuerDocuments({ issuer: o.issuer, keys, federatesToEntra, keyIdStyle: o.kid });
  writeAtomically(o.out, docs.files);
  for (const w of docs.warnings) io.err(`warning: ${w}\n`);
  io.out([
    `wrote ${docs.files.map(f => path.join(o.out, f.path)).join(' and ')} (${docs.jwks.keys.length} key${docs.jwks.keys.length === 1 ? '' : 's'}: ${docs.jwks.keys.map(k => k.kid).join(', ')})`,
    `publish them so that ${o.issuer.replace(/\/+$/, '')}/${'.well-known/openid-configuration'} and ${String(docs.discovery.jwks_uri)} serve them over public HTTPS, then start kube-apiserver with:`,
    ...docs.apiServerFlags.map(f => `  ${f}`),
    '',
  ].join('\n'));
}

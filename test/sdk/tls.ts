/**
 * A throwaway certificate authority for the stand-ins: the SDKs are told to trust it (the same
 * way a corporate TLS proxy is trusted: NODE_EXTRA_CA_CERTS, AWS_CA_BUNDLE), so they speak
 * HTTPS to the clouds' own host names and the stand-ins answer.
 */
import 'reflect-metadata';
import { webcrypto } from 'crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface TestCa {
  /** The CA certificate (PEM): what the SDKs trust. */
  readonly caPem: string;
  /** A server certificate for `hosts` (PEM, chain with the CA) and its key. */
  readonly certPem: string;
  readonly keyPem: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** A CA valid for a day, and one server certificate for these host names and 127.0.0.1. */
export async function createTestCa(hosts: readonly string[]): Promise<TestCa> {
  const now = Date.now();
  const notBefore = new Date(now - 60_000); const notAfter = new Date(now + 86_400_000);
  const caKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=crossfed test CA', notBefore, notAfter, keys: caKeys, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign + x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as KeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: `CN=${hosts[0]}`, issuer: ca.subject, notBefore, notAfter, signingKey: caKeys.privateKey, publicKey: keys.publicKey, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature + x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...hosts.map(value => ({ type: 'dns' as const, value })), { type: 'ip', value: '127.0.0.1' }]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { caPem: ca.toString('pem') + '\n', certPem: `${cert.toString('pem')}\n${ca.toString('pem')}\n`, keyPem: pem('PRIVATE KEY', keyDer) };
}

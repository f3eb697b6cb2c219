/**
 * crossfed's checker: reads CloudFormation, Terraform JSON and Kubernetes YAML — crossfed's own
 * or hand-written — into one trust graph and reports every misconfiguration with its fix.
 *
 * TypeScript-only (it uses unions): import it as `crossfed/lib/verify`.
 */
export * from './graph';
export * from './check';
export * from './assemble';
export * from './credentials';
export * from './format';
export * from './simulator';
export { ArtifactFile, ParseOptions, parseArtifacts } from './parse';
export { RULES, findRule, Finding, Rule, RuleContext, RuleSpec, Report, Severity, SEVERITIES, RuleCloud, defineRule } from './rules/index';
export { ruleContext, tokenOf } from './rules/context';
export { staticExchange } from './private/static-exchange';
export { rulesMarkdown } from './rules-doc';

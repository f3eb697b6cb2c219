import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, PolicyViolatingResource } from 'aws-cdk-lib';
import type { IdentityModel } from '../model/identity-model';
import { checkArtifacts } from '../verify/check';
import { RULES } from '../verify/rules/index';

/** Props of the crossfed validation plugin. */
export interface CrossfedValidationProps {
  /**
   * The identity model the stacks come from: adds the issuers it declares, the providers that
   * exist already, and the negative matrix over its grants.
   * @default - the templates alone
   */
  readonly model?: IdentityModel;
  /**
   * Report warnings as violations too (they never fail the synth).
   * @default false
   */
  readonly includeWarnings?: boolean;
}

/**
 * crossfed's checker as a CDK policy-validation plugin: `Validations.of(app).addPlugins(new CrossfedValidation())`
 * runs every crossfed rule over the synthesized templates — crossfed's or any other
 * construct's — and `cdk synth` fails on error-level findings, each named with its rule id,
 * the resource and the fix.
 * @see https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html
 */
export class CrossfedValidation implements IPolicyValidationPlugin {
  /** The plugin's name in the validation report. */
  public readonly name = 'crossfed';
  /** The rule ids the plugin evaluates. */
  public readonly ruleIds?: string[] = RULES.map(r => r.id);
  private readonly model?: IdentityModel;
  private readonly includeWarnings: boolean;

  constructor(props: CrossfedValidationProps = {}) {
    this.model = props.model;
    this.includeWarnings = props.includeWarnings ?? false;
  }

  /** Checks the templates of the app. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const result = checkArtifacts(context.templatePaths, { model: this.model });
    const shown = result.findings.filter(f => f.severity === 'error' || (this.includeWarnings && f.severity === 'warning'));
    const byRule = new Map<string, PolicyViolation & { violatingResources: PolicyViolatingResource[] }>();
    for (const f of shown) {
      const rule = RULES.find(r => r.id === f.rule);
      const v = byRule.get(f.rule) ?? { ruleName: f.rule, description: rule?.title ?? f.rule, fix: rule?.fix, severity: f.severity, violatingResources: [] };
      v.violatingResources.push({ resourceLogicalId: f.resource, templatePath: f.file, locations: [`${f.message}. Fix: ${f.fix}`] });
      byRule.set(f.rule, v);
    }
    for (const e of result.errors) {
      const v = byRule.get('unreadable') ?? { ruleName: 'unreadable', description: 'a template crossfed could not read', severity: 'error', violatingResources: [] };
      v.violatingResources.push({ resourceLogicalId: '(template)', templatePath: e.file, locations: [e.message] });
      byRule.set('unreadable', v);
    }
    return { success: !result.findings.some(f => f.severity === 'error') && result.errors.length === 0, violations: [...byRule.values()] };
  }
}

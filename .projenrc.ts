import { cdk, javascript, JsonFile } from 'projen';

const FRAMEWORKS = [
  'constructs@^10.8.1',
  'cdk8s@^2.70.106',
  'cdk8s-plus-28@^2.5.6',
  'aws-cdk-lib@^2.276.0',
  'cdktf@^0.21.0',
  '@cdktf/provider-azuread@^14.3.1',
  '@cdktf/provider-azurerm@^14.23.1',
  '@cdktf/provider-google@^16.12.1',
];

const project = new cdk.JsiiProject({
  name: 'crossfed',
  description: 'Cross-cloud workload identity federation without static credentials: one identity model, synthesized to Kubernetes YAML, CloudFormation and Terraform JSON, and checked.',
  author: 'crossfed developers',
  authorAddress: 'crossfed@example.com',
  repositoryUrl: 'https://github.com/crossfed/crossfed.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  srcdir: 'lib',
  libdir: 'lib',
  testdir: 'test',
  typescriptVersion: '~5.9.3',
  jsiiVersion: '~5.9.0',
  minNodeVersion: '20.19.0',
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  sampleCode: false,
  // dist/ is where `npm run synth` writes; packages go elsewhere.
  artifactsDirectory: 'dist-packages',
  // Other teams consume the constructs in their language (jsii targets).
  publishToPypi: { distName: 'crossfed', module: 'crossfed' },
  publishToMaven: { javaPackage: 'dev.crossfed', mavenGroupId: 'dev.crossfed', mavenArtifactId: 'crossfed' },
  publishToNuget: { dotNetNamespace: 'Crossfed', packageId: 'Crossfed' },
  publishToGo: { moduleName: 'github.com/crossfed/crossfed-go' },
  peerDeps: FRAMEWORKS,
  bundledDeps: ['yaml@^2.9.1', 'zod@^4.1.0', 'commander@^14.0.3', 'jose@^6.2.17', '@marcbachmann/cel-js@^8.0.0', '@hpcc-js/wasm-graphviz@^1.29.2'],
  devDeps: [
    'projen@0.103.25',
    'ts-node',
    '@swc/core@1.16.18',
    '@swc/jest@^0.2.39',
    'fast-check@^4.10.2',
    'kubernetes-models@4.5.1',
    '@kubernetes-models/validate@4.0.0',
    // AGPL-3.0: a test oracle only, never a runtime dependency.
    '@cloud-copilot/iam-simulate',
    'aws-cdk@^2.1148.1',
    'cdktf-cli@0.21.0',
    'fast-xml-parser',
    // The official SDK credential chains the pod-view tests run (test/sdk): versions that run on Node 20.
    '@aws-sdk/client-sts@^3.1169.0',
    '@azure/identity@~4.10.2',
    'google-auth-library@^10.9.1',
    'https-proxy-agent@^7.0.6',
    '@peculiar/x509@^2.2.0',
    'reflect-metadata@^0.2.2',
    '@smithy/node-http-handler@^4.14.2',
  ],
  eslintOptions: { dirs: ['lib'], devdirs: ['test', 'apps', 'bench'], tsconfigPath: './tsconfig.dev.json' },
  jestOptions: {
    jestConfig: {
      transformIgnorePatterns: ['/node_modules/(?!(jose|@marcbachmann/cel-js)/)'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  },
});

for (const p of ['/apps/', '!/apps/default-model.yaml', '/bench/', '/.ci/', '/cdktf.json', '/cdk.json', '/cdk.out/', '*.ts', '!*.d.ts']) project.addPackageIgnore(p);
// `npx cdktf synth` (cdktf.json) and `npx cdk synth` (cdk.json) write here.
project.gitignore.exclude('/cdktf.out/', '/cdk.out/');
// The benchmark's scratch files (transpiled child processes).
project.gitignore.exclude('/bench/.out/');
// Layers (DESIGN.md): the model imports no framework, the checker no renderer, and
// Terraform-CDK stays inside lib/azure and lib/gcp.
const RENDERERS = ['./lib/k8s', './lib/aws', './lib/azure', './lib/gcp'];
const FRAMEWORK_DIRS = ['cdk8s', 'cdk8s-plus-28', 'aws-cdk-lib', 'cdktf', '@cdktf', 'constructs'].map(d => `./node_modules/${d}`);
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './lib/model', from: [...RENDERERS, './lib/verify', './lib/cli', './lib/oidc', ...FRAMEWORK_DIRS], message: 'lib/model is plain typed data: it imports no framework and no other layer (DESIGN.md, Layers).' },
      { target: './lib/oidc', from: [...RENDERERS, './lib/verify', './lib/cli', ...FRAMEWORK_DIRS], message: 'lib/oidc (issuer documents) is framework-free and sits beside lib/model.' },
      { target: './lib/verify', from: [...RENDERERS, './lib/cli'], message: 'lib/verify reads artifacts back and must never import a renderer (DESIGN.md, Layers).' },
      { target: ['./lib/model', './lib/oidc', './lib/k8s', './lib/aws', './lib/verify', './lib/cli'], from: ['./node_modules/cdktf', './node_modules/@cdktf'], message: 'Terraform-CDK imports stay inside lib/azure and lib/gcp (STYLE.md, Layout).' },
    ],
  }],
});

// Jest: transpile with swc (type-checking runs once, with tsc, in the test task).
const jestConfig = project.jest!.config;
jestConfig.transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', {}] };
jestConfig.collectCoverage = false;
jestConfig.moduleFileExtensions = ['ts', 'js', 'mjs', 'cjs', 'json', 'node'];
jestConfig.testMatch = ['<rootDir>/test/**/*.test.ts'];
jestConfig.reporters = ['default'];
project.deps.removeDependency('ts-jest');
project.deps.removeDependency('jest-junit');

project.eslint?.addRules({
  '@stylistic/max-len': ['error', { code: 220, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true }],
  '@stylistic/object-property-newline': 'off',
  '@typescript-eslint/member-ordering': 'off',
});
// Lint checks, never rewrites: a test run must not change the tree.
const lint = project.addTask('lint', {
  description: 'Lint without fixing (layer boundaries included)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern lib test apps bench .projenrc.ts',
});
project.addTask('eslint:fix', { env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' }, exec: 'eslint --ext .ts --fix --no-error-on-unmatched-pattern lib test apps bench .projenrc.ts' });

project.addTask('bench', {
  description: 'Benchmark: crossfed against plain L1 constructs, and the checker, at N = 100, 1,000 and 5,000 workloads (pass --n, --runs)',
  env: { CHECKPOINT_DISABLE: '1', NODE_NO_WARNINGS: '1' },
  exec: 'ts-node -P tsconfig.json --transpile-only bench/run.ts',
  receiveArgs: true,
});

const test = project.tasks.tryFind('test')!;
test.reset();
test.spawn(project.tasks.tryFind('compile')!);
test.exec('tsc --noEmit -p tsconfig.dev.json', { name: 'type-check tests and apps' });
test.exec('jest --ci', { receiveArgs: true });
test.spawn(lint);

// Type-checks tests, apps and the benchmark (jsii compiles lib/).
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '.', noUnusedLocals: false, noUnusedParameters: false, module: 'preserve', moduleResolution: 'bundler' },
    include: ['lib/**/*.ts', 'test/**/*.ts', 'apps/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    exclude: ['node_modules'],
  },
});

// Lint every TypeScript folder with the dev tsconfig (lib, test, apps, bench, .projenrc.ts).
const eslintrc = project.tryFindObjectFile('.eslintrc.json')!;
eslintrc.addDeletionOverride('parserOptions.projectService');
eslintrc.addOverride('parserOptions.project', './tsconfig.dev.json');

project.addTask('schema', {
  description: 'Regenerate the model file JSON Schema',
  exec: 'node -e "const s=require(\'./lib/model/private/model-schema.js\').modelJsonSchema(); require(\'fs\').writeFileSync(\'schema/crossfed-model.schema.json\', JSON.stringify(s, null, 2) + \'\\n\')"',
});
project.addTask('docs:graph', {
  description: 'Redraw the README picture (docs/trust-graph.svg) from the default model',
  exec: 'node bin/crossfed synth --no-validation --quiet --out .docs-graph && cp .docs-graph/trust-graph.svg docs/trust-graph.svg && rm -rf .docs-graph',
});
project.addTask('synth', { description: 'Synthesize every artifact of the built-in default model into dist/', exec: 'node bin/crossfed synth', receiveArgs: true });
const rules = project.addTask('rules', { description: 'Regenerate RULES.md, the rule catalogue of `crossfed check`, from lib/verify/rules' });
rules.spawn(project.tasks.tryFind('compile')!);
rules.exec('node -e "require(\'fs\').writeFileSync(\'RULES.md\', require(\'./lib/verify/rules-doc.js\').rulesMarkdown())"');
project.tasks.tryFind('test:watch')?.reset('jest --watch');

project.gitignore.exclude('/dist-packages/', '/.jsii.tabl.json');
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });
project.package.addBin({ crossfed: 'bin/crossfed' });

// `npm ci` runs `prepare`: compile so that the CLI and apps work right after install.
project.addTask('prepare', { exec: 'npx projen compile' });

project.synth();

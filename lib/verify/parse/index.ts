/**
 * Reads artifacts of any of the three formats into one trust graph. Never throws on bad
 * input: what cannot be read becomes a `ParseError` with file, line and column.
 */
import { emptyGraph, TrustGraph } from '../graph';
import { addCloudFormation, looksLikeCloudFormation } from './cloudformation';
import { parseJson, TextParseError } from './json';
import { addKubernetes, looksLikeKubernetes } from './kubernetes';
import { addTerraform, looksLikeTerraform, TfDocument } from './terraform';
import { parseYamlDocuments, YamlDocument } from './yaml';

/** A file to check: its path (as the user named it, `/`-separated) and its text. */
export interface ArtifactFile {
  readonly path: string;
  readonly content: string;
}

/** Values the artifacts cannot know by themselves. */
export interface ParseOptions {
  /**
   * Values of CloudFormation parameters and pseudo parameters (`AWS::AccountId`,
   * `AWS::Partition`, `AWS::Region`) and of Terraform variables (`var.<name>`).
   * @default - none: such values stay unresolved
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /** GCP project id → project number. @default - none */
  readonly gcpProjectNumbers?: Readonly<Record<string, string>>;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i);
}

/** Parses the files (sorted by path) into a trust graph without issuers assigned. */
export function parseArtifacts(files: readonly ArtifactFile[], options: ParseOptions = {}): TrustGraph {
  const graph = emptyGraph();
  const given = options.parameters ?? {};
  const terraform = new Map<string, TfDocument[]>();
  const sorted = [...files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const f of sorted) {
    graph.files.push(f.path);
    const name = f.path.toLowerCase();
    const text = typeof f.content === 'string' ? f.content : '';
    const bytes = Buffer.byteLength(text, 'utf8');
    const isJson = name.endsWith('.json');
    const isYaml = /\.ya?ml$/.test(name);
    if (isJson || (!isYaml && /^\s*[[{]/.test(text))) {
      let doc;
      try {
        doc = parseJson(text);
      } catch (e) {
        if (!(e instanceof TextParseError)) throw e;
        graph.parseErrors.push({ file: f.path, line: e.position.line, column: e.position.column, message: `is not valid JSON: ${e.message}` });
        continue;
      }
      if (name.endsWith('.tf.json') || (!name.endsWith('.template.json') && looksLikeTerraform(doc.value))) {
        const dir = dirname(f.path);
        terraform.set(dir, [...terraform.get(dir) ?? [], { file: f.path, value: doc.value, lineOf: doc.lineOf }]);
      } else if (name.endsWith('.template.json') || looksLikeCloudFormation(doc.value)) {
        addCloudFormation(graph, f.path, doc, bytes, given);
      } else if (looksLikeKubernetes(doc.value)) {
        addKubernetes(graph, f.path, [{ value: doc.value, line: 1 }]);
      }
      continue;
    }
    let { documents, problems } = parseYamlDocuments(text);
    const cfn = /\.template\.ya?ml$/.test(name) || (documents.length > 0 && looksLikeCloudFormation(documents[0].value));
    if (cfn) ({ documents, problems } = parseYamlDocuments(text, { cfnTags: true }));
    const templated = /\{\{[^}]*\}\}/.test(text) ? ' (it holds {{ }} placeholders: render Helm or other templates first, e.g. `helm template`, and check the output)' : '';
    for (const p of problems) graph.parseErrors.push({ file: f.path, line: p.position.line, column: p.position.column, message: `is not valid YAML: ${p.message}${templated}` });
    if (cfn) {
      if (documents.length > 0) addCloudFormation(graph, f.path, documents[0] as YamlDocument, bytes, given);
      else if (problems.length === 0) graph.parseErrors.push({ file: f.path, line: 1, column: 1, message: 'is empty: expected a CloudFormation template' });
    } else {
      addKubernetes(graph, f.path, documents);
    }
  }
  for (const docs of terraform.values()) addTerraform(graph, docs, { variables: given, projectNumbers: options.gcpProjectNumbers ?? {} });
  return graph;
}

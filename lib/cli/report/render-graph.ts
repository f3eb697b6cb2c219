import type { GraphNode, IdentityGraph } from './identity-graph';

const STYLE: Record<GraphNode['kind'], string> = {
  'issuer': 'shape=box, style="rounded,filled", fillcolor="#e8e8e8"',
  'workload': 'shape=box, style="filled", fillcolor="#fff7d6"',
  'aws-role': 'shape=box, style="filled", fillcolor="#ffd8a8"',
  'entra-identity': 'shape=box, style="filled", fillcolor="#cfe3ff"',
  'gcp-identity': 'shape=box, style="filled", fillcolor="#d3f0d3"',
  'resource': 'shape=note, style="filled", fillcolor="#ffffff"',
};

const CLOUD_TITLE = { aws: 'AWS', azure: 'Microsoft Entra ID / Azure', gcp: 'Google Cloud' } as const;

/** Graphviz DOT text of the identity graph, left to right, one cluster per cloud. */
export function toDot(g: IdentityGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['digraph crossfed {', '  rankdir=LR; nodesep=0.25; ranksep=0.9;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=8, color="#555555"];'];
  const decl = (n: GraphNode) => `    ${ids.get(n.id)} [label=${quote(n.label)}, ${STYLE[n.kind]}];`;
  lines.push('  subgraph cluster_sources { label="token sources"; style=dashed; color="#999999";');
  for (const n of g.nodes.filter(x => x.kind === 'issuer' || x.kind === 'workload')) lines.push(decl(n));
  lines.push('  }');
  for (const cloud of ['aws', 'azure', 'gcp'] as const) {
    const members = g.nodes.filter(n => n.cloud === cloud);
    if (members.length === 0) continue;
    lines.push(`  subgraph cluster_${cloud} { label=${quote(CLOUD_TITLE[cloud])}; style=dashed; color="#999999";`);
    for (const n of members) lines.push(decl(n));
    lines.push('  }');
  }
  for (const e of g.edges) lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)}${e.label ? ` [label=${quote(e.label)}]` : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart text of the same graph, for REPORT.md (code hosts render it). */
export function toMermaid(g: IdentityGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const text = (s: string) => `"${s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>')}"`;
  const lines = ['flowchart LR'];
  const decl = (n: GraphNode) => `    ${ids.get(n.id)}[${text(n.label)}]`;
  lines.push('  subgraph sources["token sources"]');
  for (const n of g.nodes.filter(x => x.kind === 'issuer' || x.kind === 'workload')) lines.push(decl(n));
  lines.push('  end');
  for (const cloud of ['aws', 'azure', 'gcp'] as const) {
    const members = g.nodes.filter(n => n.cloud === cloud);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${cloud}[${text(CLOUD_TITLE[cloud])}]`);
    for (const n of members) lines.push(decl(n));
    lines.push('  end');
  }
  for (const e of g.edges) lines.push(`  ${ids.get(e.from)} -->${e.label ? `|${text(e.label)}|` : ''} ${ids.get(e.to)}`);
  return `${lines.join('\n')}\n`;
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (no browser, no system binary). */
export async function dotToSvg(dot: string): Promise<string> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot);
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

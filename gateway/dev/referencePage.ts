/**
 * The reference as one static page: no script, no request beyond itself, readable offline.
 * Each field shows its fact class and form and its row of the access matrix, per subject kind.
 */
import type { AccessRow, Read, Reference, ReferenceField, ReferencePurpose, ReferenceType } from './referenceModel.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SUBJECT_LABEL: Record<AccessRow['subject'], string> = { PERSON: 'a person', ORGANISATION: 'an organisation', ANY: 'any subject' };
const READ_MARK: Record<Read, string> = { yes: '✓', consent: '✓ consent', no: '—' };

/** "SUPERVISION, SELF_ACCESS (own file)": who reads a field, in words. */
export function readersOf(row: AccessRow, purposes: readonly ReferencePurpose[], read: Read): string[] {
  return purposes.filter((p) => row.cells[p].read === read).map((p) => (p === 'SELF_ACCESS' && row.subject === 'PERSON' ? 'SELF_ACCESS (own file)' : p));
}

function typeLinks(type: string, known: ReadonlySet<string>): string {
  return esc(type).replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => (known.has(name) ? `<a href="#${name}">${name}</a>` : name));
}

function accessTable(field: ReferenceField, purposes: readonly ReferencePurpose[], consent: ReadonlySet<string>): string {
  if (!field.access.length) return '';
  const head = purposes.map((p) => `<th scope="col" title="${p}">${p.replace(/_/g, '_<wbr>')}${consent.has(p) ? '<sup>*</sup>' : ''}</th>`).join('');
  const rows = field.access
    .map((r) => {
      const label = `${SUBJECT_LABEL[r.subject]}${r.lists ? ` · ${r.lists.join(', ')}` : ''}<br><small>${r.cls}</small>`;
      const cells = purposes
        .map((p) => {
          const c = r.cells[p];
          return `<td class="${c.read}" title="matrix cell: ${esc(c.cell)}">${READ_MARK[c.read]}<small>${esc(c.cell)}</small></td>`;
        })
        .join('');
      return `<tr><th scope="row">${label}</th>${cells}</tr>`;
    })
    .join('');
  const summary = field.access
    .map((r) => {
      const yes = readersOf(r, purposes, 'yes');
      const withConsent = readersOf(r, purposes, 'consent');
      const parts = [`may read: ${yes.length ? yes.join(', ') : 'nobody'}`];
      if (withConsent.length) parts.push(`with the person's consent: ${withConsent.join(', ')}`);
      return `<li>About ${SUBJECT_LABEL[r.subject]}${r.lists ? ` (${r.lists.join(', ')})` : ''}: ${parts.join('; ')}.</li>`;
    })
    .join('');
  return `<table class="access"><thead><tr><th>subject · class</th>${head}</tr></thead><tbody>${rows}</tbody></table><ul class="readers">${summary}</ul>`;
}

function fieldBlock(type: ReferenceType, f: ReferenceField, ref: Reference, known: ReadonlySet<string>, consent: ReadonlySet<string>): string {
  const args = f.args.length
    ? `(${f.args.map((a) => `${esc(a.name)}: ${typeLinks(a.type, known)}${a.defaultValue ? ` = ${esc(a.defaultValue)}` : ''}`).join(', ')})`
    : '';
  const argList = f.args.filter((a) => a.description).length
    ? `<dl class="args">${f.args.map((a) => `<dt><code>${esc(a.name)}</code></dt><dd>${esc(a.description)}</dd>`).join('')}</dl>`
    : '';
  const fact = f.fact
    ? `<p class="fact">fact class <b>${esc(f.fact.cls)}</b>${f.fact.cls === 'LISTING' ? ' (the class of the list the entry is on)' : ''} · form <b>${esc(f.fact.form)}</b>${
        f.fact.about ? ` · about its <code>${esc(f.fact.about)}</code>` : ''
      } · ${esc(f.fact.subgraph)} subgraph</p>`
    : '';
  const id = `${type.name}.${f.name}`;
  return `<div class="field" id="${esc(id)}"><h3><a href="#${esc(id)}">${esc(f.name)}</a><code>${args}: ${typeLinks(f.type, known)}</code></h3>${
    f.description ? `<p>${esc(f.description)}</p>` : ''
  }${argList}${fact}${accessTable(f, ref.purposes, consent)}</div>`;
}

function typeBlock(t: ReferenceType, ref: Reference, known: ReadonlySet<string>, consent: ReadonlySet<string>): string {
  const subjects = t.subjects?.length ? `<p class="subjects">Facts about ${t.subjects.map((k) => SUBJECT_LABEL[k]).join(' or ')}.</p>` : '';
  const values = t.values?.length ? `<dl class="values">${t.values.map((v) => `<dt><code>${esc(v.name)}</code></dt><dd>${esc(v.description)}</dd>`).join('')}</dl>` : '';
  return `<section class="type" id="${esc(t.name)}"><h2><small>${t.kind}</small> ${esc(t.name)}</h2>${t.description ? `<p>${esc(t.description)}</p>` : ''}${subjects}${values}${t.fields
    .map((f) => fieldBlock(t, f, ref, known, consent))
    .join('')}</section>`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#1b1f24;background:#fff}
header{position:sticky;top:0;z-index:2;background:#1f3a5f;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
header a{color:#cfe3ff}header h1{font-size:16px;margin:0}
.layout{display:grid;grid-template-columns:240px minmax(0,1fr)}
nav{position:sticky;top:40px;align-self:start;max-height:calc(100vh - 40px);overflow:auto;padding:12px;border-right:1px solid #e3e6ea;font-size:13px}
nav ul{list-style:none;margin:0 0 12px;padding:0}nav h4{margin:8px 0 4px;font-size:12px;text-transform:uppercase;color:#57606a}
main{padding:12px 24px 48px;min-width:0}
h2{border-bottom:2px solid #1f3a5f;padding-bottom:4px;margin-top:32px}h2 small{font-weight:normal;color:#57606a;font-size:13px}
.field{border-top:1px solid #e3e6ea;padding:8px 0}.field:target{background:#fff8c5}.field,.type,#matrix{scroll-margin-top:48px}
h3{font-size:15px;margin:4px 0;font-weight:600}h3 a{color:inherit;text-decoration:none}h3 code{font-weight:normal;color:#57606a}
code{font:13px ui-monospace,monospace}.fact{color:#57606a;margin:4px 0}
table{border-collapse:collapse;font-size:12px;margin:4px 0}th,td{border:1px solid #d0d7de;padding:2px 6px;text-align:center;vertical-align:top}
tbody th{text-align:left;font-weight:normal}thead th{background:#f6f8fa;font-weight:600}
td small{display:block;color:#57606a;font-size:11px}
td.yes{background:#dafbe1}td.consent{background:#fff8c5}td.no{background:#fff;color:#8c959f}
.readers{margin:4px 0;padding-left:18px;color:#1b1f24}
dl{margin:4px 0}dt{float:left;clear:left;margin-right:8px}dd{margin-left:0;color:#3d444d}
.legend td,.legend th{text-align:left}
@media (max-width:800px){.layout{display:block}nav{position:static;max-height:none;border:0;border-bottom:1px solid #e3e6ea}nav ul{columns:2}main{padding:8px 12px}.access{display:block;overflow-x:auto}}
`;

export function renderReferencePage(ref: Reference, built: { hash: string; builtAt: string }): string {
  const known = new Set(ref.types.map((t) => t.name));
  const consent = new Set<string>(ref.consentPurposes);
  const groups: [string, ReferenceType['kind'][]][] = [
    ['Objects', ['object', 'interface', 'union']],
    ['Inputs', ['input']],
    ['Enums', ['enum']],
    ['Scalars', ['scalar']],
  ];
  const nav = groups
    .map(([title, kinds]) => {
      const items = ref.types.filter((t) => kinds.includes(t.kind));
      return items.length ? `<h4>${title}</h4><ul>${items.map((t) => `<li><a href="#${esc(t.name)}">${esc(t.name)}</a></li>`).join('')}</ul>` : '';
    })
    .join('');
  const matrix = `<section id="matrix"><h2>The access matrix</h2>
<p>Every field below is classed with a fact class and a form (<code>@fact</code> in its subgraph's SDL); its access follows the class's row here.
A = allowed in full; M = only the forms named; D = denied. <sup>*</sup> For a natural person these columns apply only while the person has a
valid consent to the asker for that purpose; without one, the PUBLIC column applies. What PUBLIC allows, every authenticated asker sees.
SELF_ACCESS is a person's own file.</p>
<table class="legend"><thead><tr><th>fact class</th>${ref.purposes.map((p) => `<th>${p}${consent.has(p) ? '<sup>*</sup>' : ''}</th>`).join('')}</tr></thead><tbody>${ref.matrix
    .map((r) => `<tr><th scope="row">${r.cls}</th>${ref.purposes.map((p) => `<td>${esc(r.cells[p])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>
<p>In the field tables: ✓ the purpose reads the field; ✓ consent: only with the person's valid consent; — never. The small text is the matrix cell.</p></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>credithub API reference</title><style>${STYLE}</style></head>
<body><header><h1>credithub API reference</h1><span>generated from the composed supergraph, the subgraphs' <code>@fact</code> classes and the access matrix · build ${esc(built.hash)}, ${esc(built.builtAt)}</span><a href="/explorer">Explorer</a></header>
<div class="layout"><nav aria-label="types"><ul><li><a href="#matrix">The access matrix</a></li></ul>${nav}</nav>
<main>${matrix}${ref.types.map((t) => typeBlock(t, ref, known, consent)).join('')}</main></div></body></html>
`;
}

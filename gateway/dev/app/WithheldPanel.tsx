/**
 * Under the answer: what was withheld and why, from the answer's own FORBIDDEN errors and
 * `extensions.withheld`, nothing else.
 */
import { useState } from 'react';
import { REASONS, summarise } from '../withheld.ts';

function Reason({ reason }: { reason: string | undefined }) {
  if (!reason) return null;
  return (
    <span className={`hub-reason hub-reason-${reason}`} title={REASONS[reason] ?? reason}>
      {reason}
    </span>
  );
}

export function WithheldPanel({ answer }: { answer: unknown }) {
  const [open, setOpen] = useState(true);
  if (answer === null) {
    return (
      <section className="hub-withheld" aria-label="withheld">
        <p className="hub-withheld-head">Withheld: run a query to see what the answer withholds, and why.</p>
      </section>
    );
  }
  const { denials, withheld, otherErrors } = summarise(answer);
  const fields = new Set([...denials.map((d) => d.field), ...withheld.flatMap((w) => w.fields.map((f) => f.field))]);
  const head =
    fields.size === 0
      ? 'Nothing withheld from this answer.'
      : `Withheld: ${fields.size} field${fields.size === 1 ? '' : 's'} (${[...fields].join(', ')})`;
  return (
    <section className="hub-withheld" aria-label="withheld" data-withheld={fields.size}>
      <button type="button" className="hub-withheld-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        {head}
        {otherErrors.length > 0 && ` · ${otherErrors.length} other error${otherErrors.length === 1 ? '' : 's'}`}
      </button>
      {open && fields.size > 0 && (
        <div className="hub-withheld-body">
          {denials.length > 0 && (
            <table>
              <caption>Denied in this answer</caption>
              <thead>
                <tr>
                  <th>path</th>
                  <th>field</th>
                  <th>class</th>
                  <th>why</th>
                  <th>purpose</th>
                  <th>objects</th>
                </tr>
              </thead>
              <tbody>
                {denials.map((d) => (
                  <tr key={`${d.path}|${d.field}`} title={d.message}>
                    <td>
                      <code>{d.path}</code>
                    </td>
                    <td>
                      <code>{d.field}</code>
                    </td>
                    <td>{d.cls ?? ''}</td>
                    <td>
                      <Reason reason={d.reason} />
                      {d.reasons && Object.keys(d.reasons).length > 1 && (
                        <small>
                          {' '}
                          ({Object.entries(d.reasons)
                            .map(([r, n]) => `${r} ×${n}`)
                            .join(', ')})
                        </small>
                      )}
                    </td>
                    <td>{d.purpose ?? ''}</td>
                    <td>{d.count ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {withheld.length > 0 && (
            <table>
              <caption>Withheld, per subject</caption>
              <thead>
                <tr>
                  <th>where</th>
                  <th>field</th>
                  <th>class</th>
                  <th>why</th>
                </tr>
              </thead>
              <tbody>
                {withheld.flatMap((w) =>
                  w.fields.map((f) => (
                    <tr key={`${w.where}|${f.field}`}>
                      <td>
                        <code>{w.where}</code>
                        {w.path && w.subject && <small> ({w.subject})</small>}
                      </td>
                      <td>
                        <code>{f.field}</code>
                      </td>
                      <td>{f.cls ?? ''}</td>
                      <td>
                        <Reason reason={f.reason} />
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
          <p className="hub-legend">
            PURPOSE: {REASONS.PURPOSE}. NO_CONSENT: {REASONS.NO_CONSENT}. CONSENT_EXPIRED: {REASONS.CONSENT_EXPIRED}.
          </p>
        </div>
      )}
    </section>
  );
}

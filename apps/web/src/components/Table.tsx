import type { ReactNode } from 'react';

/**
 * A table of rows, one per item of a list, with a caption for screen readers and a header cell per
 * column. Explicit roles: the phone layout restyles the rows as blocks, which drops table semantics
 * in some browsers.
 */
export function ListTable({ className, caption, columns, children }: { className: string; caption: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={className} role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((label, i) => (
              <th key={i} scope="col" role="columnheader">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  );
}

/** The cell that names a unit in its row, a link to the unit's page where there is one. */
export function UnitNameCell({ label, name, href }: { label: string; name: string; href: string | null }) {
  return (
    <th scope="row" role="rowheader" data-label={label}>
      {href ? (
        <a href={href} className="children__link">
          {name}
        </a>
      ) : (
        name
      )}
    </th>
  );
}

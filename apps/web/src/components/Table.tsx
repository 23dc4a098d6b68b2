import type { ReactNode } from 'react';

/**
 * A table of rows, one per item of a list, with a caption for screen readers and a header cell per
 * column. No explicit ARIA roles: the native ones are the same (axe-core counts repeating them as an
 * error where a caption is present), and the browsers the app supports keep a table's semantics when
 * the phone layout restyles its rows as blocks.
 */
export function ListTable({ className, caption, columns, children }: { className: string; caption: string; columns: readonly string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((label, i) => (
              <th key={i} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The cell that names a unit in its row, a link to the unit's page where there is one. */
export function UnitNameCell({ label, name, href }: { label: string; name: string; href: string | null }) {
  return (
    <th scope="row" data-label={label}>
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

/** The options of a select of one unit: first the empty choice (`none`), then each unit by name. */
export function UnitOptions({ none, units }: { none: string; units: readonly { readonly id: string; readonly name: string }[] }) {
  return (
    <>
      <option value="">{none}</option>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </>
  );
}

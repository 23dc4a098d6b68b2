import type { DocumentKind } from '@chidao/domain';
import { useTranslation } from 'react-i18next';

/** A directive named as officials name it: its kind, then its reference ("Chỉ thị 18/CT-UBND"). */
export function DirectiveName({ directive }: { directive: { readonly kind: DocumentKind; readonly reference: string } }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="directive-kind">{t(`directives.kind.${directive.kind}`)}</span> {directive.reference}
    </>
  );
}

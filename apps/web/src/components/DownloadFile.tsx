import { useTranslation } from 'react-i18next';

/** The files the server sends as downloads (apps/server/src/files.ts), by name, with their query. */
export type FileRequest =
  | { readonly name: 'compiled'; readonly query: { readonly directiveId: string } }
  | { readonly name: 'progress'; readonly query: { readonly directiveId: string; readonly unitId: string } }
  | { readonly name: 'statistics'; readonly query: { readonly from: string; readonly to: string; readonly scope: 'issued' | 'received'; readonly unitId?: string } }
  | { readonly name: 'rosterTemplate'; readonly query: Readonly<Record<string, never>> }
  /** An issued directive as an edXML package (QCVN 102:2016/BTTTT), for its issuer. */
  | { readonly name: 'edxml'; readonly query: { readonly directiveId: string } };

/** The address of a file: GET /files/<name>.xlsx (a package: .edxml) with its input as query parameters. */
export function fileHref(request: FileRequest): string {
  const query = new URLSearchParams(Object.entries(request.query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `/files/${request.name}${request.name === 'edxml' ? '.edxml' : '.xlsx'}?${query.toString()}`;
}

/**
 * A link that downloads a file: the browser saves it under the name the server gives (a phone keeps it
 * in its downloads), and it is built fresh on every click, since the figures move while reports arrive.
 */
export function DownloadFile({ request, label, testId = 'download-xlsx' }: { request: FileRequest; label?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <a className="button button--secondary" href={fileHref(request)} download data-testid={testId}>
      {label ?? t('compiled.download')}
    </a>
  );
}

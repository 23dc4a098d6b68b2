import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import type { Draft } from '../../lib/issue';

type Exchange = NonNullable<Draft['exchange']>;
type ExchangeField = Exchange['filled'][number];

/**
 * What an edXML package (QCVN 102:2016/BTTTT) said around its text: who sent it, where the text came
 * from, whether it is signed, the header fields the form took from it, and where its header and the
 * text disagree (the form keeps the text's). Nothing for a text, a .docx or a PDF.
 */
export function ExchangeSection({ draft }: { draft: Draft | null }) {
  const { t } = useTranslation();
  const id = useId();
  const exchange = draft?.exchange;
  if (!exchange) return null;
  const field = (f: ExchangeField) => t(`issue.exchange.field.${f}`);
  const body = exchange.attachments.find((a) => a.body);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="issue-exchange">
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.exchange.title')}
      </h2>
      <ul className="request-list">
        {exchange.from?.organName ? <li>{t('issue.exchange.from', { name: exchange.from.organName })}</li> : null}
        {exchange.to.length > 0 ? <li>{t('issue.exchange.to', { count: exchange.to.length })}</li> : null}
        <li>{body ? t('issue.exchange.bodyAttachment', { name: body.name ?? body.contentId ?? '' }) : t('issue.exchange.bodyContent')}</li>
        <li>{exchange.signed ? t('issue.exchange.signed') : t('issue.exchange.unsigned')}</li>
        {exchange.filled.length > 0 ? <li data-testid="issue-exchange-filled">{t('issue.exchange.filled', { fields: exchange.filled.map(field).join(', ') })}</li> : null}
      </ul>
      {exchange.warnings.length > 0 ? (
        <div className="notice notice--pending" role="status" data-testid="issue-exchange-warnings">
          <p>
            <Icon name="alert" /> {t('issue.exchange.warningsTitle', { count: exchange.warnings.length })}
          </p>
          <p className="hint">{t('issue.exchange.warningsHint')}</p>
          <ul>
            {exchange.warnings.map((w) => (
              <li key={w.field}>{t('issue.exchange.warning', { field: field(w.field), header: w.header, text: w.text || t('issue.exchange.none') })}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
